import { App, Button, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { WorkOrderStatus } from '../../gql/graphql';
import { request } from '../../lib/client';
import { formatDateTime } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { Loadable, NotFound, PageTitle, Panel } from '../common/ui';
import { WO_SOURCE, WO_STATUS, WO_STATUS_COLOR, WO_URGENCY } from './labels';

/** The dispatcher's queue and the stations it may send to: one request. */
const QUEUE = graphql(`
  query DispatchQueue($status: [WorkOrderStatus!], $offset: Int!, $rootId: ID) {
    workOrders(filter: { status: $status }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        orderNumber
        source
        receivedAt
        requesterName
        categoryName
        urgency
        status
        stationName
        contactDue
        resolveDue
        overdue
      }
    }
    stations(filter: { rootId: $rootId }, page: { limit: 100 }) {
      items {
        id
        name
      }
    }
  }
`);

const DISPATCH = graphql(`
  mutation DispatchWorkOrder($id: ID!, $stationId: ID!) {
    dispatchWorkOrder(id: $id, stationId: $stationId) {
      id
      status
      stationName
    }
  }
`);

const WAITING: WorkOrderStatus[] = ['RECEIVED' as WorkOrderStatus, 'RETURNED' as WorkOrderStatus, 'DISPATCHED' as WorkOrderStatus];

export default function Queue() {
  const s = useSession();
  const { message } = App.useApp();
  const [offset, setOffset] = useState(0);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const root = s.me.assignments.find((a) => a.role === 'DISPATCHER')?.orgUnitId ?? null;
  const allowed = s.can('dispatch', 'WorkOrder');
  const q = useQuery(QUEUE, { status: WAITING, offset, rootId: root }, { skip: !allowed });

  const dispatch = async (id: string) => {
    const stationId = chosen[id];
    if (!stationId) {
      message.warning('请选择承办站点');
      return;
    }
    try {
      const { dispatchWorkOrder } = await request(DISPATCH, { id, stationId });
      message.success(`已派往 ${dispatchWorkOrder.stationName}`);
      await q.refetch();
    } catch (e) {
      message.error(describeError(e));
    }
  };

  if (!allowed) return <NotFound />;
  return (
    <div data-testid="wo-queue">
      <PageTitle title="派单" sub="12345 热线等渠道受理的工单：派往辖区内的街道或社区站点；被退回的工单在此重新派单" />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.workOrders.items}
              locale={{ emptyText: '暂无待派单的工单' }}
              scroll={{ x: 960 }}
              pagination={{
                total: q.data!.workOrders.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
              }}
              columns={[
                { title: '工单编号', render: (_, r) => <Link to={`/work-orders/${r.id}`}>{r.orderNumber ?? '（无编号）'}</Link> },
                { title: '来源', render: (_, r) => WO_SOURCE[r.source] },
                { title: '受理时间', render: (_, r) => formatDateTime(r.receivedAt) },
                { title: '诉求人', dataIndex: 'requesterName' },
                { title: '分类', dataIndex: 'categoryName' },
                { title: '紧急程度', render: (_, r) => (r.urgency === 'URGENT' ? <Tag color="red">{WO_URGENCY[r.urgency]}</Tag> : WO_URGENCY[r.urgency]) },
                {
                  title: '状态',
                  render: (_, r) => (
                    <Space size={4}>
                      <Tag color={WO_STATUS_COLOR[r.status]}>{WO_STATUS[r.status]}</Tag>
                      {r.stationName && <span>{r.stationName}</span>}
                      {r.overdue && <Tag color="red">超时</Tag>}
                    </Space>
                  ),
                },
                { title: '办结时限', render: (_, r) => formatDateTime(r.resolveDue) },
                {
                  title: '派单',
                  render: (_, r) => (
                    <Space.Compact>
                      <Select
                        aria-label={`承办站点 ${r.orderNumber ?? r.id}`}
                        placeholder="承办站点"
                        showSearch
                        optionFilterProp="label"
                        style={{ width: 200 }}
                        value={chosen[r.id]}
                        onChange={(v: string) => setChosen((c) => ({ ...c, [r.id]: v }))}
                        options={q.data!.stations.items.map((st) => ({ value: st.id, label: st.name }))}
                      />
                      <Button type="primary" onClick={() => void dispatch(r.id)}>
                        {r.status === 'RECEIVED' ? '派单' : '重新派单'}
                      </Button>
                    </Space.Compact>
                  ),
                },
              ]}
            />
          </Panel>
        )}
      </Loadable>
    </div>
  );
}
