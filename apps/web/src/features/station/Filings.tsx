import { App, Button, Select, Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { FilingStatus, StaffChangeKind } from '../../gql/graphql';
import { request } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { CHANGE_KIND, FILING_COLOR, FILING_STATUS, options } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

const FILINGS = graphql(`
  query Filings($node: ID!, $status: FilingStatus, $offset: Int!) {
    staffFilings(filter: { rootId: $node, status: $status }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        kind
        staffName
        changeDate
        dueOn
        filedOn
        status
      }
    }
    policy: staffingPolicy {
      filingDeadlineDays
    }
  }
`);

const FILE = graphql(`
  mutation FileStaffChange($id: ID!) {
    fileStaffChange(id: $id) {
      id
      status
      filedOn
    }
  }
`);

export default function Filings() {
  const s = useSession();
  const { message } = App.useApp();
  const [status, setStatus] = useState<FilingStatus>();
  const [offset, setOffset] = useState(0);
  const q = useQuery(FILINGS, { node: s.station?.orgUnitId ?? '', status: status ?? null, offset }, { skip: !s.station });
  return (
    <div data-testid="filings">
      <PageTitle
        title="人员变动备案"
        sub={q.data ? `人员入职、离职须在 ${q.data.policy.filingDeadlineDays} 日内向民政部门备案` : undefined}
        extra={
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 160 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setOffset(0);
            }}
            options={options(FILING_STATUS)}
            aria-label="备案状态"
          />
        }
      />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.staffFilings.items}
              scroll={{ x: 640 }}
              pagination={{
                total: q.data!.staffFilings.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
              }}
              columns={[
                { title: '人员', dataIndex: 'staffName' },
                { title: '变动', dataIndex: 'kind', render: (v: StaffChangeKind) => CHANGE_KIND[v] },
                { title: '变动日期', dataIndex: 'changeDate' },
                { title: '备案期限', dataIndex: 'dueOn' },
                { title: '备案日期', dataIndex: 'filedOn', render: (v) => v ?? '—' },
                { title: '状态', dataIndex: 'status', render: (v: FilingStatus) => <Tag color={FILING_COLOR[v]}>{FILING_STATUS[v]}</Tag> },
                {
                  title: '',
                  render: (_, r) =>
                    !r.filedOn && (
                      <Button
                        size="small"
                        onClick={async () => {
                          try {
                            await request(FILE, { id: r.id });
                            message.success(`已记录 ${r.staffName} 的备案`);
                            await q.refetch();
                          } catch (e) {
                            message.error(describeError(e));
                          }
                        }}
                      >
                        已备案
                      </Button>
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
