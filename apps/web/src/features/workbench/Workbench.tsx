import { Badge, Button, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { List, Table } from '../common/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import { daysBetween, formatDateTime, monthEnd, today } from '../../lib/dates';
import { RISK, RISK_COLOR, STAGE, VISIT_KIND } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { ComplianceBanner } from '../common/ComplianceBanner';
import { Loadable, PageTitle, Panel } from '../common/ui';
import { RecordVisitModal } from '../visits/RecordVisit';

/** The workbench in one request: my cases by stage, visits due this month, open supervision, my recent records; for a head, the station's queue. */
const WORKBENCH = graphql(`
  query Workbench($me: ID!, $within: Int!, $head: Boolean!, $stationId: ID!) {
    intake: caseFiles(filter: { workerId: $me, stage: INTAKE }, page: { limit: 1 }) {
      total
    }
    assessment: caseFiles(filter: { workerId: $me, stage: ASSESSMENT }, page: { limit: 1 }) {
      total
    }
    plan: caseFiles(filter: { workerId: $me, stage: PLAN }, page: { limit: 1 }) {
      total
    }
    intervention: caseFiles(filter: { workerId: $me, stage: INTERVENTION }, page: { limit: 1 }) {
      total
    }
    evaluation: caseFiles(filter: { workerId: $me, stage: EVALUATION }, page: { limit: 1 }) {
      total
    }
    myCases: caseFiles(filter: { workerId: $me, openOnly: true }, page: { limit: 8 }) {
      total
      items {
        id
        caseNumber
        stage
        openedOn
        openCommentCount
        serviceObject {
          id
          name
        }
      }
    }
    due: myDueVisits(filter: { withinDays: $within }, page: { limit: 8 }) {
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
    overdue: myDueVisits(filter: { overdueOnly: true }, page: { limit: 1 }) {
      total
    }
    comments: myOpenSupervisionComments(page: { limit: 5 }) {
      total
      items {
        id
        caseId
        body
        createdAt
        noteId
      }
    }
    visits: homeVisits(filter: { mine: true }, page: { limit: 5 }) {
      total
      items {
        id
        visitDate
        kind
        serviceObject {
          id
          name
        }
      }
    }
    activities: communityActivities(filter: { mine: true }, page: { limit: 5 }) {
      total
      items {
        id
        title
        activityDate
        participantCount
      }
    }
    compliance: stationStaffingCompliance(stationId: $stationId) @include(if: $head) {
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
    closures: caseFiles(filter: { pendingClosure: true }, page: { limit: 1 }) @include(if: $head) {
      total
    }
    filingsOverdue: staffFilings(filter: { status: OVERDUE }, page: { limit: 1 }) @include(if: $head) {
      total
    }
    filingsPending: staffFilings(filter: { status: PENDING }, page: { limit: 1 }) @include(if: $head) {
      total
    }
  }
`);

export default function Workbench() {
  const s = useSession();
  const head = s.canAll('approveClosure', 'CaseFile');
  const vars = { me: s.me.id, within: daysBetween(today(), monthEnd()), head, stationId: s.station?.id ?? '00000000-0000-0000-0000-000000000000' };
  const q = useQuery(WORKBENCH, vars, { skip: head && !s.station });
  const [visiting, setVisiting] = useState<{ id: string; name: string } | null>(null);

  return (
    <Loadable {...q}>
      {() => {
        const d = q.data!;
        const stages = [
          ['INTAKE', d.intake.total],
          ['ASSESSMENT', d.assessment.total],
          ['PLAN', d.plan.total],
          ['INTERVENTION', d.intervention.total],
          ['EVALUATION', d.evaluation.total],
        ] as const;
        return (
          <div data-testid="workbench">
            <PageTitle title="工作台" sub={`${s.me.displayName}，今天是 ${today()}`} />
            {head && d.compliance && (
              <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
                <ComplianceBanner c={d.compliance} />
                <Row gutter={[12, 12]}>
                  <Col xs={12} md={8}>
                    <Link to="/station/closures" className="stat-link">
                      <Panel>
                        <Statistic title="待审批结案" value={d.closures?.total ?? 0} valueStyle={{ color: d.closures?.total ? '#fa8c16' : undefined }} />
                      </Panel>
                    </Link>
                  </Col>
                  <Col xs={12} md={8}>
                    <Link to="/station/filings" className="stat-link">
                      <Panel>
                        <Statistic
                          title="待备案 / 逾期未备案"
                          value={`${d.filingsPending?.total ?? 0} / ${d.filingsOverdue?.total ?? 0}`}
                          valueStyle={{ color: d.filingsOverdue?.total ? '#cf1322' : undefined }}
                        />
                      </Panel>
                    </Link>
                  </Col>
                </Row>
              </Space>
            )}
            <Panel title={`我的在办个案（${d.myCases.total}）`} extra={<Link to="/cases">全部个案</Link>} style={{ marginBottom: 16 }}>
              <Row gutter={[8, 8]}>
                {stages.map(([stage, n]) => (
                  <Col key={stage} xs={8} sm={8} md={4}>
                    <Link to={`/cases?stage=${stage}&mine=1`} className="stat-link">
                      <Statistic title={STAGE[stage]} value={n} data-testid={`count-${stage}`} />
                    </Link>
                  </Col>
                ))}
              </Row>
              <Table
                size="small"
                style={{ marginTop: 12 }}
                rowKey="id"
                pagination={false}
                dataSource={d.myCases.items}
                locale={{ emptyText: '暂无在办个案' }}
                scroll={{ x: 480 }}
                columns={[
                  { title: '个案编号', dataIndex: 'caseNumber', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
                  { title: '服务对象', render: (_, r) => r.serviceObject?.name ?? '—' },
                  { title: '阶段', dataIndex: 'stage', render: (v: keyof typeof STAGE) => <Tag color="blue">{STAGE[v]}</Tag> },
                  { title: '接案日期', dataIndex: 'openedOn' },
                  { title: '督导意见', dataIndex: 'openCommentCount', render: (n: number) => (n ? <Badge count={n} /> : '—') },
                ]}
              />
            </Panel>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Panel
                  title={
                    <span>
                      本月应探访 <span data-testid="count-due">{d.due.total}</span> 人，其中逾期{' '}
                      <Typography.Text type="danger" data-testid="count-overdue">
                        {d.overdue.total}
                      </Typography.Text>{' '}
                      人
                    </span>
                  }
                  extra={<Link to="/visits">探访</Link>}
                >
                  <List
                    dataSource={d.due.items}
                    locale={{ emptyText: '本月暂无待探访对象' }}
                    data-testid="due-list"
                    renderItem={(v) => (
                      <List.Item
                        actions={[
                          <Button key="record" type="link" onClick={() => setVisiting({ id: v.serviceObjectId, name: v.serviceObject?.name ?? '' })}>
                            记录探访
                          </Button>,
                        ]}
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
              <Col xs={24} xl={10}>
                <Panel
                  title={
                    <span>
                      未解决的督导意见（<span data-testid="count-comments">{d.comments.total}</span>）
                    </span>
                  }
                  style={{ marginBottom: 16 }}
                >
                  <List
                    dataSource={d.comments.items}
                    locale={{ emptyText: '暂无未解决的督导意见' }}
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
                <Panel title="我的近期记录">
                  <List
                    size="small"
                    dataSource={[
                      ...d.visits.items.map((v) => ({
                        key: `v${v.id}`,
                        date: v.visitDate,
                        text: `${VISIT_KIND[v.kind]}探访 ${v.serviceObject?.name ?? ''}`,
                        to: `/people/${v.serviceObject?.id ?? ''}`,
                      })),
                      ...d.activities.items.map((a) => ({
                        key: `a${a.id}`,
                        date: a.activityDate,
                        text: `社区活动「${a.title}」${a.participantCount} 人次`,
                        to: '/activities',
                      })),
                    ]
                      .sort((a, b) => b.date.localeCompare(a.date))
                      .slice(0, 6)}
                    locale={{ emptyText: '暂无记录' }}
                    renderItem={(r) => (
                      <List.Item>
                        <Link to={r.to}>{r.text}</Link>
                        <Typography.Text type="secondary">{r.date}</Typography.Text>
                      </List.Item>
                    )}
                  />
                </Panel>
              </Col>
            </Row>
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
      }}
    </Loadable>
  );
}
