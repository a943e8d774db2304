import type { Satisfaction, WorkOrderLogKind, WorkOrderMoveKind, WorkOrderSource, WorkOrderStatus, WorkOrderUrgency } from '../../gql/graphql';

export const WO_STATUS: Record<WorkOrderStatus, string> = {
  RECEIVED: '待派单',
  DISPATCHED: '待签收',
  ACCEPTED: '办理中',
  RETURNED: '已退单',
  CLOSED: '已办结',
};

export const WO_STATUS_COLOR: Record<WorkOrderStatus, string> = {
  RECEIVED: 'gold',
  DISPATCHED: 'blue',
  ACCEPTED: 'processing',
  RETURNED: 'orange',
  CLOSED: 'green',
};

export const WO_SOURCE: Record<WorkOrderSource, string> = { HOTLINE_12345: '12345 热线', WALK_IN: '来访', PHONE: '来电', PROACTIVE: '未诉先办' };

export const WO_URGENCY: Record<WorkOrderUrgency, string> = { URGENT: '紧急', NORMAL: '一般' };

export const WO_MOVE: Record<WorkOrderMoveKind, string> = {
  RECEIVE: '受理',
  DISPATCH: '派单',
  ACCEPT: '签收',
  RETURN: '退单',
  CLOSE: '办结',
  CALLBACK: '回访',
  REOPEN: '重启',
  EXTEND: '延期',
};

export const WO_LOG: Record<WorkOrderLogKind, string> = { CONTACT: '联系诉求人', ACTION: '办理措施' };

export const SATISFACTION: Record<Satisfaction, string> = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', UNSATISFIED: '不满意' };
