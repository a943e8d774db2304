import { DownloadOutlined, RollbackOutlined, ShopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { RankMetric } from '../../gql/graphql';
import { dayjs } from '../../lib/dates';
import { downloadFile } from '../../lib/download';
import { describeError } from '../../lib/errors';
import { CATEGORY, ORG_LEVEL, RISK, staffingFailure } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { DateInput, Loadable, PageTitle, Panel } from '../common/ui';
import { Chart } from './Chart';
import { asNumber, FigureTable, FigureTiles, type Figures, type Metric, percent, Tile } from './figures';
import { monthOf, type Period, periodFromSearch, periodSearch, standingDay } from './period';
import { PeriodPicker } from './PeriodPicker';

/**
 * A bureau's view of a node (district officer: the district; city platform: the city): headline
 * figures of the period, the same per child node, the monthly trend, people served by category and
 * risk, and staffing compliance, reporting completeness, the visit rate and station rankings. Two
 * requests: the report, and the parts that take their own day, month or figure.
 */
const REPORT = graphql(`
  query OversightReport($node: ID!, $from: Date!, $to: Date!) {
    statisticsMetrics {
      name
      label
      unit
      shape
      decimal
      rankable
    }
    orgUnit(id: $node) {
      id
      name
      code
      level
      parentId
      station {
        id
        name
      }
    }
    stations(filter: { rootId: $node }, page: { limit: 100 }) {
      items {
        id
        orgUnitId
      }
    }
    statistics(nodeId: $node, from: $from, to: $to) {
      from
      to
      visitRate
      staffing {
        stations
        compliant
        staff
        certified
      }
      objectsByCategory {
        category
        count
      }
      objectsByRisk {
        riskLevel
        count
      }
      figures {
        totalServices
        caseRecords
        casesOpened
        casesClosed
        casesActive
        groupSessions
        groupPersonTimes
        communityActivities
        communityPersonTimes
        personTimes
        homeVisits
        volunteerServices
        volunteerHours
        volunteersActive
        volunteersRegistered
        serviceObjects
        highRiskObjects
        organizationsMobilized
        organizationsNewlyCultivated
        linkages
        charityMoney
        charityGoodsValue
        supervisionComments
        workOrdersReceived
        workOrdersClosed
        workOrdersClosedInTime
        workOrdersSatisfied
      }
      children {
        nodeId
        code
        name
        own
        figures {
          totalServices
          caseRecords
          casesOpened
          casesClosed
          casesActive
          groupSessions
          groupPersonTimes
          communityActivities
          communityPersonTimes
          personTimes
          homeVisits
          volunteerServices
          volunteerHours
          volunteersActive
          volunteersRegistered
          serviceObjects
          highRiskObjects
          organizationsMobilized
          organizationsNewlyCultivated
          linkages
          charityMoney
          charityGoodsValue
          supervisionComments
          workOrdersReceived
          workOrdersClosed
          workOrdersClosedInTime
          workOrdersSatisfied
        }
      }
      monthly {
        month
        figures {
          totalServices
          caseRecords
          casesOpened
          casesClosed
          groupSessions
          groupPersonTimes
          communityActivities
          communityPersonTimes
          personTimes
          homeVisits
          volunteerServices
          volunteerHours
          volunteersActive
          organizationsMobilized
          organizationsNewlyCultivated
          linkages
          charityMoney
          charityGoodsValue
          supervisionComments
          workOrdersReceived
          workOrdersClosed
          workOrdersClosedInTime
          workOrdersSatisfied
        }
      }
    }
  }
`);

const DETAILS = graphql(`
  query OversightDetails($node: ID!, $from: Date!, $to: Date!, $metric: RankMetric!, $month: String!, $on: Date!) {
    stationRanking(nodeId: $node, from: $from, to: $to, metric: $metric, limit: 20) {
      rank
      stationId
      name
      code
      value
    }
    reportingCompleteness(nodeId: $node, month: $month) {
      month
      stations
      reporting
      rate
      silent {
        stationId
        name
        code
      }
    }
    visitRate(rootId: $node, month: $month) {
      month
      due
      visited
      rate
    }
    staffingCompliance(rootId: $node, on: $on, page: { limit: 100 }) {
      on
      stations
      compliant
      failing
      rate
      failingStations {
        stationId
        stationName
        orgUnitCode
        failingSince
        staffCount
        certifiedCount
        failures {
          rule
          actual
          required
        }
      }
    }
  }
`);

/** The node a bureau user oversees: the district of a district officer, the city of the city platform. */
export function homeNode(s: ReturnType<typeof useSession>): string | undefined {
  return s.me.assignments.find((a) => a.role === 'CITY_ADMIN')?.orgUnitId ?? s.me.assignments.find((a) => a.role === 'DISTRICT_OFFICER')?.orgUnitId;
}

/** The months of a period up to this one, YYYY-MM, oldest first (at most 121: the API bounds a report to 10 years). */
function monthsOf(p: Period): string[] {
  const out: string[] = [];
  const last = monthOf(standingDay(p));
  for (let m = dayjs(p.from).startOf('month'); m.format('YYYY-MM') <= last && out.length < 121; m = m.add(1, 'month')) out.push(m.format('YYYY-MM'));
  return out.length ? out : [monthOf(p.from)];
}

const TREND_DEFAULT = ['totalServices', 'caseRecords', 'homeVisits', 'communityActivities'];

export default function Oversight() {
  const s = useSession();
  const { nodeId } = useParams();
  const home = homeNode(s);
  if (!nodeId) return home ? <Navigate to={`/oversight/${home}`} replace /> : <Alert type="info" showIcon message="此页面面向区民政局和市级平台。" />;
  return <NodeOverview key={nodeId} nodeId={nodeId} isHome={nodeId === home} />;
}

function NodeOverview({ nodeId, isHome }: { nodeId: string; isHome: boolean }) {
  const { message } = App.useApp();
  const [search, setSearch] = useSearchParams();
  const period = periodFromSearch(search);
  const setPeriod = (p: Period) => setSearch(new URLSearchParams(periodSearch(p).slice(1)), { replace: true });
  const months = monthsOf(period);
  const [rankBy, setRankBy] = useState<RankMetric>('homeVisits' as RankMetric);
  const [month, setMonth] = useState<string>();
  const [on, setOn] = useState<string>();
  const [trend, setTrend] = useState<string[]>(TREND_DEFAULT);
  const [exporting, setExporting] = useState(false);
  const activeMonth = month && months.includes(month) ? month : months[months.length - 1];
  const complianceDay = on ?? standingDay(period);

  const report = useQuery(REPORT, { node: nodeId, from: period.from, to: period.to });
  const details = useQuery(DETAILS, { node: nodeId, from: period.from, to: period.to, metric: rankBy, month: activeMonth, on: complianceDay });
  const keep = periodSearch(period);

  const exportTable = async () => {
    setExporting(true);
    try {
      await downloadFile(
        `/exports/statistics.xlsx?nodeId=${encodeURIComponent(nodeId)}&from=${period.from}&to=${period.to}`,
        `statistics-${period.from}-${period.to}.xlsx`,
      );
    } catch (e) {
      message.error(describeError(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="oversight">
      <Loadable {...report}>
        {() => {
          const d = report.data!;
          const metrics: Metric[] = d.statisticsMetrics;
          const stationOf = new Map(d.stations.items.map((x) => [x.orgUnitId, x.id]));
          const node = d.orgUnit;
          const st = d.statistics;
          return (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <PageTitle
                title={
                  <span data-testid="node-name">
                    {node.name} <Tag>{ORG_LEVEL[node.level]}</Tag>
                  </span>
                }
                sub={`统计期间 ${st.from} 至 ${st.to}`}
                extra={
                  <>
                    {!isHome && node.parentId && (
                      <Link to={`/oversight/${node.parentId}${keep}`}>
                        <Button icon={<RollbackOutlined />}>上一级</Button>
                      </Link>
                    )}
                    {node.station && (
                      <Link to={`/oversight/stations/${node.station.id}${keep}`}>
                        <Button icon={<ShopOutlined />}>站点详情</Button>
                      </Link>
                    )}
                    <Button type="primary" icon={<DownloadOutlined />} loading={exporting} onClick={exportTable}>
                      导出 Excel
                    </Button>
                  </>
                }
              />
              <Panel>
                <PeriodPicker value={period} onChange={setPeriod} />
              </Panel>
              <Panel title="主要指标">
                <FigureTiles
                  metrics={metrics}
                  figures={st.figures as Figures}
                  extra={
                    <>
                      <Tile label="探访率（期末当月）" value={percent(st.visitRate)} testId="figure-visitRate" />
                      <Tile label="在岗人员" value={st.staffing.staff} testId="figure-staff" />
                      <Tile label="持证人员" value={st.staffing.certified} testId="figure-certified" />
                      <Tile label="配备达标站点" value={`${st.staffing.compliant} / ${st.staffing.stations}`} testId="figure-compliant" />
                    </>
                  }
                />
              </Panel>
              <Panel
                title="月度趋势"
                extra={
                  <Select
                    mode="multiple"
                    aria-label="趋势指标"
                    value={trend}
                    onChange={(v: string[]) => setTrend(v.length ? v : TREND_DEFAULT)}
                    style={{ minWidth: 280, maxWidth: 560 }}
                    maxTagCount="responsive"
                    options={metrics.filter((m) => m.shape !== 'stock').map((m) => ({ value: m.name, label: m.label }))}
                  />
                }
              >
                <TrendChart metrics={metrics} monthly={st.monthly as { month: string; figures: Figures }[]} shown={trend} />
              </Panel>
              <div className="oversight-grid">
                <Panel title="服务对象（按类别）">
                  <Chart
                    label="服务对象按类别"
                    testId="chart-category"
                    height={260}
                    option={{
                      tooltip: { trigger: 'axis' },
                      grid: { left: 110, right: 24, top: 8, bottom: 24 },
                      xAxis: { type: 'value', minInterval: 1 },
                      yAxis: { type: 'category', data: st.objectsByCategory.map((c) => CATEGORY[c.category]) },
                      series: [{ type: 'bar', name: '人数', data: st.objectsByCategory.map((c) => c.count) }],
                    }}
                  />
                </Panel>
                <Panel title="服务对象（按风险等级）">
                  <Chart
                    label="服务对象按风险等级"
                    testId="chart-risk"
                    height={260}
                    option={{
                      tooltip: { trigger: 'item' },
                      legend: { bottom: 0 },
                      color: ['#52c41a', '#fa8c16', '#f5222d'],
                      series: [
                        {
                          type: 'pie',
                          radius: ['40%', '70%'],
                          data: (['LOW', 'MEDIUM', 'HIGH'] as const).map((r) => ({
                            name: `${RISK[r]}风险`,
                            value: st.objectsByRisk.find((x) => x.riskLevel === r)?.count ?? 0,
                          })),
                        },
                      ],
                    }}
                  />
                </Panel>
              </div>
              <Panel title={`下级单位（${st.children.length}）`} extra={<Typography.Text type="secondary">点击列名排序</Typography.Text>}>
                <FigureTable
                  testId="children"
                  metrics={metrics}
                  rows={st.children.map((c) => {
                    const station = stationOf.get(c.nodeId);
                    const label = c.own ? `${c.name}（本级）` : c.name;
                    return {
                      key: `${c.nodeId}${c.own ? '-own' : ''}`,
                      sortName: label,
                      code: c.code,
                      figures: c.figures as Figures,
                      name: (
                        <Space size={4} wrap>
                          {c.own ? <span>{label}</span> : <Link to={`/oversight/${c.nodeId}${keep}`}>{label}</Link>}
                          {station && !c.own && (
                            <Link to={`/oversight/stations/${station}${keep}`} aria-label={`${c.name}站点详情`}>
                              <ShopOutlined />
                            </Link>
                          )}
                        </Space>
                      ),
                    };
                  })}
                />
              </Panel>
              <Loadable {...details}>
                {() => (
                  <Details
                    data={details.data!}
                    metrics={metrics}
                    months={months}
                    month={activeMonth}
                    onMonth={setMonth}
                    on={complianceDay}
                    onDay={setOn}
                    rankBy={rankBy}
                    onRankBy={setRankBy}
                    keep={keep}
                  />
                )}
              </Loadable>
            </Space>
          );
        }}
      </Loadable>
    </div>
  );
}

function TrendChart({ metrics, monthly, shown }: { metrics: Metric[]; monthly: { month: string; figures: Figures }[]; shown: string[] }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: monthly.map((m) => m.month) },
      yAxis: { type: 'value' },
      series: shown.map((name) => ({
        type: 'line',
        name: metrics.find((m) => m.name === name)?.label ?? name,
        smooth: true,
        data: monthly.map((m) => asNumber(m.figures[name])),
      })),
    }),
    [metrics, monthly, shown],
  );
  return <Chart option={option} label="月度趋势" testId="chart-trend" />;
}

interface DetailsData {
  stationRanking: { rank: number; stationId: string; name: string; code: string; value: string }[];
  reportingCompleteness: {
    month: string;
    stations: number;
    reporting: number;
    rate?: number | null;
    silent: { stationId: string; name: string; code: string }[];
  };
  visitRate: { month: string; due: number; visited: number; rate?: number | null };
  staffingCompliance: {
    on: string;
    stations: number;
    compliant: number;
    failing: number;
    rate?: number | null;
    failingStations: {
      stationId: string;
      stationName: string;
      orgUnitCode: string;
      failingSince?: string | null;
      staffCount: number;
      certifiedCount: number;
      failures: { rule: Parameters<typeof staffingFailure>[0]; actual: number; required: number }[];
    }[];
  };
}

function Details({
  data,
  metrics,
  months,
  month,
  onMonth,
  on,
  onDay,
  rankBy,
  onRankBy,
  keep,
}: {
  data: DetailsData;
  metrics: Metric[];
  months: string[];
  month: string;
  onMonth: (m: string) => void;
  on: string;
  onDay: (d: string | undefined) => void;
  rankBy: RankMetric;
  onRankBy: (m: RankMetric) => void;
  keep: string;
}) {
  const c = data.staffingCompliance;
  const rc = data.reportingCompleteness;
  const vr = data.visitRate;
  const rankMetric = metrics.find((m) => m.name === rankBy);
  const stationLink = (id: string, name: string) => <Link to={`/oversight/stations/${id}${keep}`}>{name}</Link>;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Panel
        title="人员配备达标情况"
        data-testid="compliance-view"
        extra={
          <Space>
            <span>日期</span>
            <DateInput aria-label="达标判定日期" value={on} onChange={(d) => onDay(d)} />
          </Space>
        }
      >
        <Space wrap size="large" style={{ marginBottom: 12 }}>
          <Tile label="适用站点" value={c.stations} testId="compliance-stations" />
          <Tile label="达标" value={c.compliant} testId="compliance-compliant" />
          <Tile label="未达标" value={c.failing} testId="compliance-failing" />
          <Tile label="达标率" value={percent(c.rate)} testId="compliance-rate" />
        </Space>
        <Table
          size="small"
          rowKey="stationId"
          pagination={false}
          data-testid="failing-stations"
          dataSource={c.failingStations}
          locale={{ emptyText: `${c.on} 所有站点人员配备达标` }}
          scroll={{ x: 720 }}
          columns={[
            { title: '站点', dataIndex: 'stationName', render: (v: string, r) => stationLink(r.stationId, v) },
            { title: '区划代码', dataIndex: 'orgUnitCode' },
            { title: '未达标起始日', dataIndex: 'failingSince', render: (v: string | null) => v ?? '—' },
            { title: '在岗 / 持证', render: (_: unknown, r) => `${r.staffCount} / ${r.certifiedCount}` },
            { title: '原因', render: (_: unknown, r) => r.failures.map((f) => staffingFailure(f.rule, f.actual, f.required)).join('；') },
          ]}
        />
      </Panel>
      <div className="oversight-grid">
        <Panel
          title="填报完整性"
          data-testid="completeness"
          extra={<Select aria-label="填报月份" value={month} onChange={onMonth} style={{ width: 120 }} options={months.map((m) => ({ value: m, label: m }))} />}
        >
          <Space wrap size="large" style={{ marginBottom: 12 }}>
            <Tile label="运营站点" value={rc.stations} />
            <Tile label="有记录站点" value={rc.reporting} />
            <Tile label="填报率" value={percent(rc.rate)} testId="completeness-rate" />
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            {rc.month} 无任何服务记录的站点（{rc.silent.length}）：
          </Typography.Paragraph>
          <Space wrap data-testid="silent-stations">
            {rc.silent.length ? rc.silent.map((x) => <Tag key={x.stationId}>{stationLink(x.stationId, x.name)}</Tag>) : <span>无</span>}
          </Space>
        </Panel>
        <Panel title={`探访率（${vr.month}）`} data-testid="visit-rate">
          <Space wrap size="large">
            <Tile label="应探访" value={vr.due} testId="visit-due" />
            <Tile label="已探访" value={vr.visited} testId="visit-visited" />
            <Tile label="探访率" value={percent(vr.rate)} testId="visit-rate-value" />
          </Space>
        </Panel>
      </div>
      <Panel
        title="站点排名（前 20 名）"
        data-testid="ranking"
        extra={
          <Select
            aria-label="排名指标"
            value={rankBy}
            onChange={onRankBy}
            style={{ width: 220 }}
            showSearch
            optionFilterProp="label"
            options={metrics.filter((m) => m.rankable).map((m) => ({ value: m.name, label: m.label }))}
          />
        }
      >
        <Table
          size="small"
          rowKey="stationId"
          pagination={false}
          dataSource={data.stationRanking}
          columns={[
            { title: '名次', dataIndex: 'rank', width: 64 },
            { title: '站点', dataIndex: 'name', render: (v: string, r) => stationLink(r.stationId, v) },
            { title: '区划代码', dataIndex: 'code' },
            { title: `${rankMetric?.label ?? ''}（${rankMetric?.unit ?? ''}）`, dataIndex: 'value' },
          ]}
        />
      </Panel>
    </Space>
  );
}
