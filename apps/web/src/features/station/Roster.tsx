import { Space, Tag } from 'antd';
import { Table } from '../common/Table';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { CertificateLevel } from '../../gql/graphql';
import { today } from '../../lib/dates';
import { CERT_LEVEL, EMPLOYMENT, GENDER, POSITION } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, Masked, PageTitle, Panel } from '../common/ui';
import { ComplianceBanner } from '../common/ComplianceBanner';

/** The roster on today with each person's certificates, and whether the station meets the city's staffing rule. */
const ROSTER = graphql(`
  query Roster($node: ID!, $stationId: ID!, $on: Date!) {
    compliance: stationStaffingCompliance(stationId: $stationId) {
      applicable
      complies
      failingSince
      staffCount
      certifiedCount
      failures {
        rule
        actual
        required
      }
    }
    staffMembers(filter: { rootId: $node, activeOn: $on }, page: { limit: 100 }) {
      total
      items {
        id
        name
        gender
        idNumber
        phone
        position
        employmentType
        startDate
        education
        certificates {
          id
          level
          number
          issuedOn
          expiresOn
        }
      }
    }
  }
`);

export default function Roster() {
  const s = useSession();
  const q = useQuery(ROSTER, { node: s.station?.orgUnitId ?? '', stationId: s.station?.id ?? '', on: today() }, { skip: !s.station });
  return (
    <div data-testid="roster">
      <PageTitle title="人员与持证" sub={s.station?.name} />
      <Loadable {...q}>
        {() => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <ComplianceBanner c={q.data!.compliance} />
            <Panel title={`在岗人员（${q.data!.staffMembers.total}）`}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={q.data!.staffMembers.items}
                scroll={{ x: 820 }}
                columns={[
                  { title: '姓名', dataIndex: 'name' },
                  { title: '性别', dataIndex: 'gender', render: (v: keyof typeof GENDER) => GENDER[v] },
                  { title: '岗位', dataIndex: 'position', render: (v: keyof typeof POSITION) => POSITION[v] },
                  { title: '用工', dataIndex: 'employmentType', render: (v: keyof typeof EMPLOYMENT) => EMPLOYMENT[v] },
                  { title: '身份证号', dataIndex: 'idNumber', render: (v: string | null) => <Masked value={v} /> },
                  { title: '入职', dataIndex: 'startDate' },
                  {
                    title: '持证',
                    dataIndex: 'certificates',
                    render: (cs: { id: string; level: CertificateLevel; number: string | null; expiresOn: string | null }[]) =>
                      cs.length ? (
                        cs.map((c) => (
                          <Tag key={c.id} color={c.expiresOn && c.expiresOn < today() ? 'red' : 'green'}>
                            {CERT_LEVEL[c.level]}
                            {c.number ? ` ${c.number}` : ''}
                            {c.expiresOn ? `（至 ${c.expiresOn}）` : ''}
                          </Tag>
                        ))
                      ) : (
                        <Tag>未持证</Tag>
                      ),
                  },
                ]}
              />
            </Panel>
          </Space>
        )}
      </Loadable>
    </div>
  );
}
