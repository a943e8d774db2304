import { Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import { formatDateTime } from '../../lib/dates';
import { CLOSURE_REASON } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

const QUEUE = graphql(`
  query ClosureQueue($offset: Int!) {
    caseFiles(filter: { pendingClosure: true }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        caseNumber
        openedOn
        openGoalCount
        worker {
          id
          displayName
        }
        serviceObject {
          id
          name
        }
        closureRequests {
          id
          status
          reason
          summary
          requestedAt
        }
      }
    }
  }
`);

export default function Closures() {
  const [offset, setOffset] = useState(0);
  const q = useQuery(QUEUE, { offset });
  return (
    <div data-testid="closures">
      <PageTitle title="结案审批" sub="社工在评估阶段提交的结案申请，由站长批准或退回" />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.caseFiles.items}
              locale={{ emptyText: '暂无待审批的结案申请' }}
              scroll={{ x: 720 }}
              pagination={{
                total: q.data!.caseFiles.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
              }}
              columns={[
                { title: '个案编号', dataIndex: 'caseNumber', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
                { title: '服务对象', render: (_, r) => r.serviceObject?.name ?? '—' },
                { title: '负责社工', render: (_, r) => r.worker.displayName ?? '—' },
                {
                  title: '结案原因',
                  render: (_, r) => {
                    const p = r.closureRequests.find((x) => x.status === 'PENDING');
                    return p ? CLOSURE_REASON[p.reason] : '—';
                  },
                },
                { title: '申请时间', render: (_, r) => formatDateTime(r.closureRequests.find((x) => x.status === 'PENDING')?.requestedAt) },
                { title: '未完成目标', dataIndex: 'openGoalCount', render: (n: number) => (n ? <Tag color="orange">{n} 个</Tag> : '无') },
                { title: '', render: (_, r) => <Link to={`/cases/${r.id}`}>审批</Link> },
              ]}
            />
          </Panel>
        )}
      </Loadable>
    </div>
  );
}
