import type {
  CaseStage,
  CertificateLevel,
  ClosureReason,
  FilingStatus,
  Gender,
  GoalStatus,
  GroupStage,
  IntakeSource,
  NeedDomain,
  NoteKind,
  RiskLevel,
  Role,
  ServiceCategory,
  StaffPosition,
  VisitKind,
  AuditAction,
  AuditEntity,
  StaffChangeKind,
  EmploymentType,
  StaffingRule,
  OrgLevel,
  StationStatus,
  TenantStatus,
  FunctionRoom,
  VisitPeriod,
} from '../gql/schema';

/** Chinese for every enum the console shows; a new enum value fails the type check here. */
export const STAGES: CaseStage[] = ['INTAKE', 'ASSESSMENT', 'PLAN', 'INTERVENTION', 'EVALUATION', 'CLOSED'];

export const STAGE: Record<CaseStage, string> = {
  INTAKE: '接案',
  ASSESSMENT: '预估',
  PLAN: '计划',
  INTERVENTION: '介入',
  EVALUATION: '评估',
  CLOSED: '结案',
};

export const ROLE: Record<Role, string> = {
  PLATFORM_ADMIN: '平台运营',
  CITY_ADMIN: '市级管理员',
  DISTRICT_OFFICER: '区（县）民政局',
  STATION_HEAD: '站长',
  SOCIAL_WORKER: '驻站社工',
  SUPERVISOR: '督导',
  EVALUATOR: '第三方评估',
  DISPATCHER: '派单员',
};

export const GENDER: Record<Gender, string> = { MALE: '男', FEMALE: '女' };

export const RISK: Record<RiskLevel, string> = { LOW: '低', MEDIUM: '中', HIGH: '高' };
export const RISK_COLOR: Record<RiskLevel, string> = { LOW: 'green', MEDIUM: 'orange', HIGH: 'red' };

export const CATEGORY: Record<ServiceCategory, string> = {
  CHILD_IN_DIFFICULTY: '困境儿童',
  DISABLED_ELDERLY: '失能老人',
  ELDERLY_LIVING_ALONE: '独居老人',
  EMPTY_NEST_ELDERLY: '空巢老人',
  EXTREME_POVERTY: '特困供养',
  FAMILY_IN_DIFFICULTY: '困难家庭',
  HIGH_RISK_AFTER_EVENT: '突发事件高风险对象',
  LEFT_BEHIND_CHILD: '留守儿童',
  ORPHAN: '孤儿（含散居孤儿）',
  OTHER: '其他',
  SERIOUSLY_ILL: '大病患者',
  SEVERELY_DISABLED: '重度残疾',
  SUBSISTENCE_ALLOWANCE: '低保',
  VERY_OLD: '高龄老人',
};

export const INTAKE: Record<IntakeSource, string> = {
  HOTLINE_12345: '12345热线',
  OUTREACH: '走访发现',
  REFERRAL: '转介',
  WALK_IN: '主动求助',
  OTHER: '其他',
};

export const NOTE_KIND: Record<NoteKind, string> = {
  INTERVIEW: '面谈',
  HOME_VISIT: '家访',
  PHONE: '电话',
  REFERRAL: '转介',
  RESOURCE_LINK: '资源链接',
  OTHER: '其他',
};

export const NEED: Record<NeedDomain, string> = {
  DAILY_LIVING: '日常生活',
  EDUCATION: '教育',
  EMPLOYMENT: '就业',
  FAMILY: '家庭关系',
  FINANCIAL: '经济',
  HEALTH: '健康',
  HOUSING: '住房',
  LEGAL: '法律',
  OTHER: '其他',
  PSYCHOLOGICAL: '心理',
  SOCIAL: '社会支持',
};

export const GOAL_STATUS: Record<GoalStatus, string> = {
  OPEN: '进行中',
  ACHIEVED: '已达成',
  PARTIALLY_ACHIEVED: '部分达成',
  NOT_ACHIEVED: '未达成',
  CANCELLED: '已取消',
};

export const CLOSURE_REASON: Record<ClosureReason, string> = {
  GOALS_ACHIEVED: '目标达成',
  CLIENT_WITHDREW: '服务对象退出',
  REFERRED: '已转介',
  MOVED_AWAY: '迁出',
  DECEASED: '离世',
  OTHER: '其他',
};

export const VISIT_KIND: Record<VisitKind, string> = { HOME: '入户', PHONE: '电话', VIDEO: '视频' };

export const GROUP_STAGE: Record<GroupStage, string> = {
  PREPARATION: '准备期',
  FORMATION: '形成期',
  TRANSITION: '过渡期',
  MATURITY: '成熟期',
  ENDING: '结束期',
};

export const FILING_STATUS: Record<FilingStatus, string> = { FILED: '已备案', FILED_LATE: '逾期备案', OVERDUE: '已逾期未备案', PENDING: '待备案' };
export const FILING_COLOR: Record<FilingStatus, string> = { FILED: 'green', FILED_LATE: 'orange', OVERDUE: 'red', PENDING: 'blue' };
export const CHANGE_KIND: Record<StaffChangeKind, string> = { JOIN: '入职', LEAVE: '离职' };

export const CERT_LEVEL: Record<CertificateLevel, string> = {
  ASSISTANT_SOCIAL_WORKER: '助理社会工作师',
  SOCIAL_WORKER: '社会工作师',
  SENIOR_SOCIAL_WORKER: '高级社会工作师',
};

export const POSITION: Record<StaffPosition, string> = { STATION_HEAD: '站长', SOCIAL_WORKER: '社工', ASSISTANT: '助理/协理员', OTHER: '其他' };
export const EMPLOYMENT: Record<EmploymentType, string> = { FULL_TIME: '专职', PART_TIME: '兼职' };

export const AUDIT_ACTION: Record<AuditAction, string> = {
  CLOSURE_DECISION: '结案审批',
  CLOSURE_REQUEST: '申请结案',
  COMMENT: '督导意见',
  CREATE: '新建',
  DUPLICATE_REGISTRATION: '重复登记核查',
  READ_ID_NUMBER: '查看完整身份证号',
  READ_NARRATIVE: '查看记录内容',
  STAGE_CHANGE: '阶段变更',
  TRANSFER: '转案',
  UPDATE: '修改',
};

export const AUDIT_ENTITY: Record<AuditEntity, string> = {
  CASE_FILE: '个案',
  COMMUNITY_ACTIVITY: '社区活动',
  GROUP_SESSION: '小组节次',
  GROUP_WORK: '小组',
  HOME_VISIT: '探访',
  LINKAGE: '五社联动',
  SERVICE_OBJECT: '服务对象',
  STAFF_MEMBER: '工作人员',
  VOLUNTEER: '志愿者',
  WORK_ORDER: '工单',
};

/** What each staffing rule says, with the figures the API gives. */
export function staffingFailure(rule: StaffingRule, actual: number, required: number): string {
  switch (rule) {
    case 'MIN_STAFF':
      return `在岗人员 ${actual} 人，至少需要 ${required} 人`;
    case 'MIN_CERTIFIED_SHARE':
      return `持证人员 ${actual} 人，按比例至少需要 ${required} 人`;
    case 'MIN_CERTIFIED_COUNT':
      return `持证人员 ${actual} 人，至少需要 ${required} 人`;
    case 'MIN_FULL_TIME':
      return `专职人员 ${actual} 人，至少需要 ${required} 人`;
    default:
      return `不符合人员配备要求（${actual}/${required}）`;
  }
}

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

export const ORG_LEVEL: Record<OrgLevel, string> = { CITY: '市', DISTRICT: '区（县）', STREET: '街道（镇）', COMMUNITY: '村（社区）' };
export const STATION_STATUS: Record<StationStatus, string> = { ACTIVE: '运营中', PLANNED: '筹建中', SUSPENDED: '暂停', CLOSED: '已关闭' };
export const STATION_STATUS_COLOR: Record<StationStatus, string> = { ACTIVE: 'green', PLANNED: 'blue', SUSPENDED: 'orange', CLOSED: 'default' };
export const TENANT_STATUS: Record<TenantStatus, string> = { ACTIVE: '正常', SUSPENDED: '已停用' };
export const FUNCTION_ROOM: Record<FunctionRoom, string> = {
  ACTIVITY_ROOM: '多功能活动室',
  CASE_ROOM: '个案室',
  COUNSELLING_ROOM: '心理咨询室',
  GROUP_ROOM: '小组活动室',
  OFFICE: '办公室',
  RECEPTION: '接待室',
  VOLUNTEER_ROOM: '志愿者服务室',
};
export const VISIT_PERIOD: Record<VisitPeriod, string> = { MONTH: '每月', WEEK: '每周' };
