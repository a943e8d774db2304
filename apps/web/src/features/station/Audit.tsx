import { Select, Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { AuditAction, AuditEntity } from '../../gql/graphql';
import { formatDateTime } from '../../lib/dates';
import { AUDIT_ACTION, AUDIT_ENTITY, options } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

const AUDIT = graphql(`
  query Audit($node: ID!, $action: AuditAction, $offset: Int!) {
    auditLog(filter: { rootId: $node, action: $action }, page: { limit: 30, offset: $offset }) {
      total
      items {
        id
        at
        action
        entity
        entityId
        actorName
      }
    }
  }
`);

export default function Audit() {
  const s = useSession();
  const [action, setAction] = useState<AuditAction>();
  const [offset, setOffset] = useState(0);
  const q = useQuery(AUDIT, { node: s.station?.orgUnitId ?? '', action: action ?? null, offset }, { skip: !s.station });
  return (
    <div data-testid="audit">
      <PageTitle
        title="审计日志"
        sub="本站个人信息的每一次修改，以及每一次查看完整身份证号和记录内容"
        extra={
          <Select
            allowClear
            placeholder="全部操作"
            style={{ width: 180 }}
            value={action}
            onChange={(v) => {
              setAction(v);
              setOffset(0);
            }}
            options={options(AUDIT_ACTION)}
            aria-label="操作"
          />
        }
      />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.auditLog.items}
              scroll={{ x: 560 }}
              pagination={{
                total: q.data!.auditLog.total,
                pageSize: 30,
                current: offset / 30 + 1,
                onChange: (p) => setOffset((p - 1) * 30),
                showSizeChanger: false,
              }}
              columns={[
                { title: '时间', dataIndex: 'at', render: (v: string) => formatDateTime(v), width: 150 },
                { title: '人员', dataIndex: 'actorName', render: (v) => v ?? '—' },
                {
                  title: '操作',
                  dataIndex: 'action',
                  render: (v: AuditAction) => <Tag color={v.startsWith('READ') ? 'purple' : 'blue'}>{AUDIT_ACTION[v]}</Tag>,
                },
                { title: '对象', dataIndex: 'entity', render: (v: AuditEntity) => AUDIT_ENTITY[v] },
              ]}
            />
          </Panel>
        )}
      </Loadable>
    </div>
  );
}
