import { Badge, Col, Row, Select, Space, Statistic, Tag } from 'antd';
import { List, Table } from '../common/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import { formatDateTime } from '../../lib/dates';
import { STAGE } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

/** The supervisor's desk in one request: open threads and the cases of the assigned stations. */
const DESK = graphql(`
  query SupervisionDesk($rootId: ID, $offset: Int!) {
    threads: supervisionComments(filter: { openOnly: true, rootId: $rootId }, page: { limit: 10 }) {
      total
      items {
        id
        caseId
        body
        createdAt
        noteId
      }
    }
    cases: caseFiles(filter: { openOnly: true, rootId: $rootId }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        caseNumber
        stage
        stationId
        openedOn
        openCommentCount
        worker {
          id
          displayName
        }
        serviceObject {
          id
          name
        }
      }
    }
  }
`);

export default function Supervision() {
  const s = useSession();
  const [station, setStation] = useState<string>();
  const [offset, setOffset] = useState(0);
  const root = s.stations.find((x) => x.id === station)?.orgUnitId;
  const q = useQuery(DESK, { rootId: root ?? null, offset });
  const names = new Map(s.stations.map((x) => [x.id, x.name]));
  return (
    <div data-testid="supervision-home">
      <PageTitle
        title="督导工作"
        sub={`督导站点：${s.stations.map((x) => x.name).join('、') || '无'}`}
        extra={
          <Select
            allowClear
            placeholder="全部督导站点"
            style={{ minWidth: 220 }}
            value={station}
            onChange={(v) => {
              setStation(v);
              setOffset(0);
            }}
            options={s.stations.map((x) => ({ value: x.id, label: x.name }))}
            aria-label="选择站点"
          />
        }
      />
      <Loadable {...q}>
        {() => {
          const d = q.data!;
          return (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={16}>
                <Panel title={`在办个案（${d.cases.total}）`}>
                  <Table
                    size="small"
                    rowKey="id"
                    dataSource={d.cases.items}
                    scroll={{ x: 560 }}
                    pagination={{
                      total: d.cases.total,
                      pageSize: 20,
                      current: offset / 20 + 1,
                      onChange: (p) => setOffset((p - 1) * 20),
                      showSizeChanger: false,
                    }}
                    columns={[
                      { title: '个案编号', dataIndex: 'caseNumber', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
                      { title: '服务对象', render: (_, r) => r.serviceObject?.name ?? '—' },
                      { title: '站点', dataIndex: 'stationId', render: (v: string) => names.get(v) ?? '—' },
                      { title: '社工', render: (_, r) => r.worker.displayName ?? '—' },
                      { title: '阶段', dataIndex: 'stage', render: (v: keyof typeof STAGE) => <Tag color="blue">{STAGE[v]}</Tag> },
                      { title: '未解决意见', dataIndex: 'openCommentCount', render: (n: number) => (n ? <Badge count={n} /> : '—') },
                    ]}
                  />
                </Panel>
              </Col>
              <Col xs={24} xl={8}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Panel>
                    <Statistic title="未解决的督导意见" value={d.threads.total} />
                  </Panel>
                  <Panel title="待跟进的讨论">
                    <List
                      dataSource={d.threads.items}
                      locale={{ emptyText: '暂无未解决的讨论' }}
                      renderItem={(c) => (
                        <List.Item>
                          <List.Item.Meta
                            title={<Link to={`/cases/${c.caseId}#supervision`}>{c.body ?? '（内容不可见）'}</Link>}
                            description={formatDateTime(c.createdAt)}
                          />
                        </List.Item>
                      )}
                    />
                  </Panel>
                </Space>
              </Col>
            </Row>
          );
        }}
      </Loadable>
    </div>
  );
}
