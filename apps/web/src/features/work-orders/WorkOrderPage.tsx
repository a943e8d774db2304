import { App, Button, Descriptions, Form, Input, Radio, Space, Tag, Timeline } from 'antd';
import { useParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { Satisfaction, WorkOrderLogKind } from '../../gql/graphql';
import { request } from '../../lib/client';
import { formatDateTime } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { useQuery } from '../../lib/useQuery';
import { applyFieldErrors, Loadable, Masked, PageTitle, Panel } from '../common/ui';
import { SATISFACTION, WO_LOG, WO_MOVE, WO_SOURCE, WO_STATUS, WO_STATUS_COLOR, WO_URGENCY } from './labels';

const ORDER = graphql(`
  query WorkOrderPage($id: ID!) {
    workOrder(id: $id) {
      id
      orderNumber
      source
      receivedAt
      requesterName
      requesterPhone
      address
      categoryName
      content
      urgency
      status
      stationName
      contactDue
      resolveDue
      firstContactedAt
      closedAt
      result
      reply
      satisfaction
      reopenCount
      overdue
      moves {
        id
        kind
        stationName
        reason
        at
      }
      logs {
        id
        kind
        note
        at
      }
    }
  }
`);

const LOG = graphql(`
  mutation LogWorkOrder($id: ID!, $input: WorkOrderLogInput!) {
    logWorkOrder(id: $id, input: $input) {
      id
    }
  }
`);
const CLOSE = graphql(`
  mutation CloseWorkOrder($id: ID!, $input: CloseWorkOrderInput!) {
    closeWorkOrder(id: $id, input: $input) {
      id
    }
  }
`);
const SEND_BACK = graphql(`
  mutation SendBackWorkOrder($id: ID!, $input: ReasonInput!) {
    sendBackWorkOrder(id: $id, input: $input) {
      id
    }
  }
`);
const CALLBACK = graphql(`
  mutation CallbackWorkOrder($id: ID!, $input: CallbackInput!) {
    callbackWorkOrder(id: $id, input: $input) {
      id
    }
  }
`);
const REOPEN = graphql(`
  mutation ReopenWorkOrder($id: ID!, $input: ReasonInput!) {
    reopenWorkOrder(id: $id, input: $input) {
      id
    }
  }
`);

/** One order: its details and history, and what the caller may do with it now. */
export default function WorkOrderPage() {
  const { id = '' } = useParams();
  const s = useSession();
  const { message } = App.useApp();
  const q = useQuery(ORDER, { id });
  const [logForm] = Form.useForm<{ kind: WorkOrderLogKind; note: string }>();
  const [closeForm] = Form.useForm<{ result: string; reply: string }>();
  const [backForm] = Form.useForm<{ reason: string }>();
  const [callbackForm] = Form.useForm<{ satisfaction: Satisfaction; note?: string }>();

  const run = async (work: () => Promise<unknown>, done: string, form?: Parameters<typeof applyFieldErrors>[0]) => {
    try {
      await work();
      message.success(done);
      form?.resetFields();
      await q.refetch();
    } catch (e) {
      if (!form || !applyFieldErrors(form, e)) message.error(describeError(e));
    }
  };

  return (
    <div data-testid="wo-page">
      <Loadable {...q}>
        {() => {
          const w = q.data!.workOrder;
          const handles = s.can('handle', 'WorkOrder') && w.status === 'ACCEPTED';
          const dispatches = s.can('dispatch', 'WorkOrder');
          return (
            <>
              <PageTitle
                title={`工单 ${w.orderNumber ?? ''}`}
                sub={
                  <Space size={4}>
                    <Tag color={WO_STATUS_COLOR[w.status]}>{WO_STATUS[w.status]}</Tag>
                    {w.overdue && <Tag color="red">超时</Tag>}
                    {w.reopenCount > 0 && <Tag>重启 {w.reopenCount} 次</Tag>}
                  </Space>
                }
              />
              <Panel title="诉求">
                <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                  <Descriptions.Item label="来源">{WO_SOURCE[w.source]}</Descriptions.Item>
                  <Descriptions.Item label="受理时间">{formatDateTime(w.receivedAt)}</Descriptions.Item>
                  <Descriptions.Item label="诉求人">{w.requesterName}</Descriptions.Item>
                  <Descriptions.Item label="联系电话">
                    <Masked value={w.requesterPhone} />
                  </Descriptions.Item>
                  <Descriptions.Item label="地址">
                    <Masked value={w.address} />
                  </Descriptions.Item>
                  <Descriptions.Item label="分类">{w.categoryName}</Descriptions.Item>
                  <Descriptions.Item label="紧急程度">{WO_URGENCY[w.urgency]}</Descriptions.Item>
                  <Descriptions.Item label="承办站点">{w.stationName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="联系时限">{formatDateTime(w.contactDue)}</Descriptions.Item>
                  <Descriptions.Item label="办结时限">{formatDateTime(w.resolveDue)}</Descriptions.Item>
                  <Descriptions.Item label="首次联系">{formatDateTime(w.firstContactedAt)}</Descriptions.Item>
                  <Descriptions.Item label="回访">{w.satisfaction ? SATISFACTION[w.satisfaction] : '—'}</Descriptions.Item>
                </Descriptions>
                <div data-testid="wo-content" style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
                  {w.content ?? '（诉求内容仅承办站点和派单员可见）'}
                </div>
                {w.result && (
                  <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                    <Descriptions.Item label="办理结果">{w.result}</Descriptions.Item>
                    <Descriptions.Item label="答复内容">{w.reply}</Descriptions.Item>
                  </Descriptions>
                )}
              </Panel>
              <Panel title="办理记录">
                <Timeline
                  items={[
                    ...w.moves.map((m) => ({
                      key: m.id,
                      at: m.at,
                      children: `${formatDateTime(m.at)} ${WO_MOVE[m.kind]}${m.stationName ? ` · ${m.stationName}` : ''}${m.reason ? `：${m.reason}` : ''}`,
                    })),
                    ...w.logs.map((l) => ({ key: l.id, at: l.at, children: `${formatDateTime(l.at)} ${WO_LOG[l.kind]}${l.note ? `：${l.note}` : ''}` })),
                  ]
                    .sort((a, b) => a.at.localeCompare(b.at))
                    .map(({ key, children }) => ({ key, children }))}
                />
              </Panel>
              {handles && (
                <Panel title="联系与办理">
                  <Form
                    form={logForm}
                    layout="vertical"
                    initialValues={{ kind: 'CONTACT' }}
                    onFinish={(v) => run(() => request(LOG, { id, input: v }), '已记录', logForm)}
                  >
                    <Form.Item name="kind" label="类型">
                      <Radio.Group options={(['CONTACT', 'ACTION'] as WorkOrderLogKind[]).map((k) => ({ value: k, label: WO_LOG[k] }))} />
                    </Form.Item>
                    <Form.Item name="note" label="记录内容" rules={[{ required: true, message: '请填写记录内容' }]}>
                      <Input.TextArea rows={2} maxLength={2000} />
                    </Form.Item>
                    <Button htmlType="submit">记录</Button>
                  </Form>
                  <Form
                    form={closeForm}
                    layout="vertical"
                    style={{ marginTop: 16 }}
                    onFinish={(v) => run(() => request(CLOSE, { id, input: v }), '已办结', closeForm)}
                  >
                    <Form.Item name="result" label="办理结果" rules={[{ required: true, message: '请填写办理结果' }]}>
                      <Input.TextArea rows={2} maxLength={4000} />
                    </Form.Item>
                    <Form.Item name="reply" label="答复内容" rules={[{ required: true, message: '请填写给诉求人的答复' }]}>
                      <Input.TextArea rows={2} maxLength={4000} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit">
                      办结
                    </Button>
                  </Form>
                </Panel>
              )}
              {s.can('handle', 'WorkOrder') && (w.status === 'ACCEPTED' || w.status === 'DISPATCHED') && (
                <Panel title="退单">
                  <Form form={backForm} layout="inline" onFinish={(v) => run(() => request(SEND_BACK, { id, input: v }), '已退单', backForm)}>
                    <Form.Item name="reason" label="退单原因" rules={[{ required: true, message: '请填写退单原因' }]}>
                      <Input maxLength={1000} style={{ width: 320 }} />
                    </Form.Item>
                    <Button danger htmlType="submit">
                      退单
                    </Button>
                  </Form>
                </Panel>
              )}
              {dispatches && w.status === 'CLOSED' && !w.satisfaction && (
                <Panel title="回访">
                  <Form form={callbackForm} layout="vertical" onFinish={(v) => run(() => request(CALLBACK, { id, input: v }), '已回访', callbackForm)}>
                    <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请选择满意度' }]}>
                      <Radio.Group
                        options={(['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED'] as Satisfaction[]).map((k) => ({ value: k, label: SATISFACTION[k] }))}
                      />
                    </Form.Item>
                    <Form.Item name="note" label="回访记录">
                      <Input maxLength={1000} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit">
                      提交回访
                    </Button>
                  </Form>
                </Panel>
              )}
              {dispatches && w.status === 'CLOSED' && w.satisfaction === 'UNSATISFIED' && (
                <Panel title="重启工单">
                  <Button onClick={() => void run(() => request(REOPEN, { id, input: { reason: '回访不满意，重启办理' } }), '已重启，退回承办站点')}>
                    重启
                  </Button>
                </Panel>
              )}
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
