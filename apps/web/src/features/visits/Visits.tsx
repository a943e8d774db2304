import { Button, Col, Row, Space, Switch, Tag, Typography } from 'antd';
import { List, Table } from '../common/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import { daysBetween, monthEnd, monthStart, today } from '../../lib/dates';
import { RISK, RISK_COLOR, VISIT_KIND } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';
import { RecordVisitModal } from './RecordVisit';

/** Visits due this month (the caller's own people, or the station's) and those recorded, in one request. */
const VISITS = graphql(`
  query Visits($within: Int!, $mine: Boolean!, $from: Date!, $offset: Int!) {
    mineDue: myDueVisits(filter: { withinDays: $within }, page: { limit: 100 }) @include(if: $mine) {
      total
      items {
        serviceObjectId
        dueOn
        overdue
        daysOverdue
        lastVisitOn
        rule
        serviceObject {
          id
          name
          riskLevel
        }
      }
    }
    stationDue: dueVisits(filter: { withinDays: $within }, page: { limit: 100 }) @skip(if: $mine) {
      total
      items {
        serviceObjectId
        dueOn
        overdue
        daysOverdue
        lastVisitOn
        rule
        serviceObject {
          id
          name
          riskLevel
        }
      }
    }
    visits: homeVisits(filter: { mine: $mine, from: $from }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        visitDate
        kind
        followUpNeeded
        findings
        serviceObject {
          id
          name
        }
      }
    }
  }
`);

export default function Visits() {
  const s = useSession();
  const [mine, setMine] = useState(true);
  const [offset, setOffset] = useState(0);
  const [visiting, setVisiting] = useState<{ id: string; name: string } | null>(null);
  const q = useQuery(VISITS, { within: daysBetween(today(), monthEnd()), mine, from: monthStart(), offset });
  return (
    <div data-testid="visits">
      <PageTitle
        title="探访"
        sub="按本市探访规则计算本月应探访的对象"
        extra={
          <Space>
            <Switch
              checked={mine}
              onChange={(v) => {
                setMine(v);
                setOffset(0);
              }}
              aria-label="只看我负责的"
            />
            <Typography.Text>只看我负责的</Typography.Text>
          </Space>
        }
      />
      <Loadable {...q}>
        {() => {
          const due = (mine ? q.data!.mineDue : q.data!.stationDue)!;
          return (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Panel title={`本月应探访（${due.total}）`}>
                  <List
                    dataSource={due.items}
                    locale={{ emptyText: '本月暂无待探访对象' }}
                    renderItem={(v) => (
                      <List.Item
                        actions={
                          s.can('create', 'HomeVisit')
                            ? [
                                <Button key="r" type="link" onClick={() => setVisiting({ id: v.serviceObjectId, name: v.serviceObject?.name ?? '' })}>
                                  记录探访
                                </Button>,
                              ]
                            : []
                        }
                      >
                        <List.Item.Meta
                          title={
                            <Space wrap>
                              <Link to={`/people/${v.serviceObjectId}`}>{v.serviceObject?.name ?? '—'}</Link>
                              {v.serviceObject && <Tag color={RISK_COLOR[v.serviceObject.riskLevel]}>{RISK[v.serviceObject.riskLevel]}风险</Tag>}
                              {v.overdue ? <Tag color="red">逾期 {v.daysOverdue} 天</Tag> : <Tag>应于 {v.dueOn} 前</Tag>}
                            </Space>
                          }
                          description={`${v.rule}；上次探访：${v.lastVisitOn ?? '无'}`}
                        />
                      </List.Item>
                    )}
                  />
                </Panel>
              </Col>
              <Col xs={24} xl={12}>
                <Panel title={`本月已探访（${q.data!.visits.total} 次）`}>
                  <Table
                    size="small"
                    rowKey="id"
                    dataSource={q.data!.visits.items}
                    pagination={{
                      total: q.data!.visits.total,
                      pageSize: 20,
                      current: offset / 20 + 1,
                      onChange: (p) => setOffset((p - 1) * 20),
                      showSizeChanger: false,
                    }}
                    columns={[
                      { title: '日期', dataIndex: 'visitDate' },
                      { title: '对象', render: (_, r) => (r.serviceObject ? <Link to={`/people/${r.serviceObject.id}`}>{r.serviceObject.name}</Link> : '—') },
                      { title: '方式', dataIndex: 'kind', render: (k: keyof typeof VISIT_KIND) => VISIT_KIND[k] },
                      { title: '情况', dataIndex: 'findings', ellipsis: true, render: (v) => v ?? '—' },
                      { title: '跟进', dataIndex: 'followUpNeeded', render: (v: boolean) => (v ? <Tag color="orange">需跟进</Tag> : '—') },
                    ]}
                  />
                </Panel>
              </Col>
            </Row>
          );
        }}
      </Loadable>
      <RecordVisitModal
        person={visiting}
        onClose={() => setVisiting(null)}
        onSaved={() => {
          setVisiting(null);
          void q.refetch();
        }}
      />
    </div>
  );
}
