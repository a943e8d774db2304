import { App, Button, Space, Tag } from 'antd';
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

const INBOX = graphql(`
  query WorkOrderInbox($status: [WorkOrderStatus!], $offset: Int!) {
    workOrders(filter: { status: $status }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        orderNumber
        source
        receivedAt
        requesterName
        requesterPhone
        categoryName
        urgency
        status
        stationName
        contactDue
        resolveDue
        firstContactedAt
        overdue
      }
    }
  }
`);

const ACCEPT = graphql(`
  mutation AcceptWorkOrder($id: ID!) {
    acceptWorkOrder(id: $id) {
      id
      status
    }
  }
`);

const OPEN: WorkOrderStatus[] = ['DISPATCHED' as WorkOrderStatus, 'ACCEPTED' as WorkOrderStatus];

/** The station's inbox: orders waiting to be accepted and those in hand, with their deadlines. */
export default function Inbox() {
  const s = useSession();
  const { message } = App.useApp();
  const [offset, setOffset] = useState(0);
  const allowed = s.can('handle', 'WorkOrder');
  const q = useQuery(INBOX, { status: OPEN, offset }, { skip: !allowed });
  const accept = async (id: string) => {
    try {
      await request(ACCEPT, { id });
      message.success('已签收');
      await q.refetch();
    } catch (e) {
      message.error(describeError(e));
    }
  };
  if (!allowed) return <NotFound />;
  return (
    <div data-testid="wo-inbox">
      <PageTitle title="工单收件箱" sub="派到本站的工单：签收后联系诉求人、办理并答复；请留意联系时限和办结时限" />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.workOrders.items}
              locale={{ emptyText: '暂无待办工单' }}
              scroll={{ x: 960 }}
              pagination={{
                total: q.data!.workOrders.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
              }}
              columns={[
                { title: '工单编号', render: (_, r) => <Link to={`/work-orders/${r.id}`}>{r.orderNumber ?? WO_SOURCE[r.source]}</Link> },
                { title: '诉求人', render: (_, r) => `${r.requesterName}${r.requesterPhone ? ` ${r.requesterPhone}` : ''}` },
                { title: '分类', dataIndex: 'categoryName' },
                { title: '紧急程度', render: (_, r) => (r.urgency === 'URGENT' ? <Tag color="red">{WO_URGENCY[r.urgency]}</Tag> : WO_URGENCY[r.urgency]) },
                {
                  title: '状态',
                  render: (_, r) => (
                    <Space size={4}>
                      <Tag color={WO_STATUS_COLOR[r.status]}>{WO_STATUS[r.status]}</Tag>
                      {r.overdue && <Tag color="red">超时</Tag>}
                    </Space>
                  ),
                },
                { title: '联系时限', render: (_, r) => (r.firstContactedAt ? `已联系 ${formatDateTime(r.firstContactedAt)}` : formatDateTime(r.contactDue)) },
                { title: '办结时限', render: (_, r) => formatDateTime(r.resolveDue) },
                {
                  title: '',
                  render: (_, r) =>
                    r.status === 'DISPATCHED' ? (
                      <Button size="small" type="primary" onClick={() => void accept(r.id)}>
                        签收
                      </Button>
                    ) : (
                      <Link to={`/work-orders/${r.id}`}>办理</Link>
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
