import { RollbackOutlined } from '@ant-design/icons';
import { Descriptions, Space, Tag, Button } from 'antd';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { graphql } from '../../gql';
import type { OversightStationDetailQuery } from '../../gql/graphql';
import { dayjs, today } from '../../lib/dates';
import { CERT_LEVEL, EMPLOYMENT, FUNCTION_ROOM, POSITION, STATION_STATUS, STATION_STATUS_COLOR, staffingFailure } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { Loadable, PageTitle, Panel } from '../common/ui';
import { Chart } from './Chart';
import { asNumber, FigureTiles, type Figures, type Metric } from './figures';
import { periodFromSearch, periodSearch } from './period';
import { PeriodPicker } from './PeriodPicker';

const STATION = graphql(`
  query OversightStation($id: ID!) {
    station(id: $id) {
      id
      name
      orgUnitId
      status
      openedOn
      operatingAgency
      floorAreaM2
      functionRooms
    }
  }
`);

/**
 * A station as its bureau sees it: the roster in figures (positions, employment, certificates; no
 * names), whether it met the staffing policy at each of the last twelve month ends, and its
 * activity volume over the period. Nothing here carries a narrative or an identity number.
 */
const DETAIL = graphql(`
  query OversightStationDetail(
    $id: ID!
    $node: ID!
    $from: Date!
    $to: Date!
    $today: Date!
    $d0: Date!
    $d1: Date!
    $d2: Date!
    $d3: Date!
    $d4: Date!
    $d5: Date!
    $d6: Date!
    $d7: Date!
    $d8: Date!
    $d9: Date!
    $d10: Date!
  ) {
    statisticsMetrics {
      name
      label
      unit
      shape
      decimal
      rankable
    }
    staffMembers(filter: { rootId: $node, activeOn: $today }, page: { limit: 100 }) {
      items {
        id
        stationId
        position
        employmentType
        certificates {
          id
          level
          expiresOn
        }
      }
    }
    now: stationStaffingCompliance(stationId: $id, on: $today) {
      ...ComplianceFields
    }
    c0: stationStaffingCompliance(stationId: $id, on: $d0) {
      ...ComplianceFields
    }
    c1: stationStaffingCompliance(stationId: $id, on: $d1) {
      ...ComplianceFields
    }
    c2: stationStaffingCompliance(stationId: $id, on: $d2) {
      ...ComplianceFields
    }
    c3: stationStaffingCompliance(stationId: $id, on: $d3) {
      ...ComplianceFields
    }
    c4: stationStaffingCompliance(stationId: $id, on: $d4) {
      ...ComplianceFields
    }
    c5: stationStaffingCompliance(stationId: $id, on: $d5) {
      ...ComplianceFields
    }
    c6: stationStaffingCompliance(stationId: $id, on: $d6) {
      ...ComplianceFields
    }
    c7: stationStaffingCompliance(stationId: $id, on: $d7) {
      ...ComplianceFields
    }
    c8: stationStaffingCompliance(stationId: $id, on: $d8) {
      ...ComplianceFields
    }
    c9: stationStaffingCompliance(stationId: $id, on: $d9) {
      ...ComplianceFields
    }
    c10: stationStaffingCompliance(stationId: $id, on: $d10) {
      ...ComplianceFields
    }
    statistics(nodeId: $node, from: $from, to: $to) {
      from
      to
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
      monthly {
        month
        figures {
          caseRecords
          groupSessions
          communityActivities
          homeVisits
          volunteerServices
        }
      }
    }
  }

  fragment ComplianceFields on StationCompliance {
    on
    applicable
    complies
    failingSince
    staffCount
    certifiedCount
    fullTimeCount
    failures {
      rule
      actual
      required
    }
    policy {
      minStaff
      effectiveFrom
    }
  }
`);

/** The last eleven month ends before this month, oldest first. */
function monthEnds(): string[] {
  const t = dayjs(today());
  return Array.from({ length: 11 }, (_, i) =>
    t
      .subtract(11 - i, 'month')
      .endOf('month')
      .format('YYYY-MM-DD'),
  );
}

const VOLUME = ['caseRecords', 'groupSessions', 'communityActivities', 'homeVisits', 'volunteerServices'];

export default function StationOverview() {
  const { stationId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const period = periodFromSearch(search);
  const station = useQuery(STATION, { id: stationId });
  const ends = useMemo(monthEnds, []);
  const vars = {
    id: stationId,
    node: station.data?.station.orgUnitId ?? '',
    from: period.from,
    to: period.to,
    today: today(),
    ...Object.fromEntries(ends.map((d, i) => [`d${i}`, d])),
  } as { id: string; node: string; from: string; to: string; today: string } & Record<`d${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`, string>;
  const detail = useQuery(DETAIL, vars, { skip: !station.data });

  return (
    <div data-testid="station-overview">
      <Loadable {...station}>
        {() => {
          const st = station.data!.station;
          return (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <PageTitle
                title={<span data-testid="node-name">{st.name}</span>}
                sub={<Tag color={STATION_STATUS_COLOR[st.status]}>{STATION_STATUS[st.status]}</Tag>}
                extra={
                  <Link to={`/oversight/${st.orgUnitId}${periodSearch(period)}`}>
                    <Button icon={<RollbackOutlined />}>所在街道（镇）</Button>
                  </Link>
                }
              />
              <Panel title="站点信息">
                <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
                  <Descriptions.Item label="运营机构">{st.operatingAgency ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="启用日期">{st.openedOn ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="面积">{st.floorAreaM2 ? `${st.floorAreaM2} 平方米` : '—'}</Descriptions.Item>
                  <Descriptions.Item label="功能室">{st.functionRooms.map((r) => FUNCTION_ROOM[r]).join('、') || '—'}</Descriptions.Item>
                </Descriptions>
              </Panel>
              <Loadable {...detail}>
                {() => (
                  <StationDetail
                    data={detail.data!}
                    stationId={st.id}
                    period={period}
                    onPeriod={(p) => setSearch(new URLSearchParams(periodSearch(p).slice(1)), { replace: true })}
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

type DetailData = OversightStationDetailQuery;

function StationDetail({
  data,
  stationId,
  period,
  onPeriod,
}: {
  data: DetailData;
  stationId: string;
  period: ReturnType<typeof periodFromSearch>;
  onPeriod: (p: ReturnType<typeof periodFromSearch>) => void;
}) {
  const metrics: Metric[] = data.statisticsMetrics;
  const staff = data.staffMembers.items.filter((m) => m.stationId === stationId);
  const now = today();
  const certified = staff.filter((m) => m.certificates.some((c) => !c.expiresOn || c.expiresOn >= now));
  const count = <K extends string>(keys: K[], of: (m: (typeof staff)[number]) => K) =>
    keys.map((k) => ({ key: k, n: staff.filter((m) => of(m) === k).length })).filter((x) => x.n > 0);
  const byPosition = count(Object.keys(POSITION) as (keyof typeof POSITION)[], (m) => m.position);
  const byEmployment = count(Object.keys(EMPLOYMENT) as (keyof typeof EMPLOYMENT)[], (m) => m.employmentType);
  const byLevel = (Object.keys(CERT_LEVEL) as (keyof typeof CERT_LEVEL)[])
    .map((l) => ({ key: l, n: staff.filter((m) => m.certificates.some((c) => c.level === l && (!c.expiresOn || c.expiresOn >= now))).length }))
    .filter((x) => x.n > 0);
  const history = [data.c0, data.c1, data.c2, data.c3, data.c4, data.c5, data.c6, data.c7, data.c8, data.c9, data.c10, data.now];
  const st = data.statistics;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Panel title="人员概况" data-testid="roster-summary">
        <Space wrap size="large">
          <span>
            在岗 <b data-testid="roster-staff">{staff.length}</b> 人
          </span>
          <span>
            持证 <b data-testid="roster-certified">{certified.length}</b> 人
          </span>
          {byPosition.map((x) => (
            <Tag key={x.key}>
              {POSITION[x.key]} {x.n}
            </Tag>
          ))}
          {byEmployment.map((x) => (
            <Tag key={x.key} color="blue">
              {EMPLOYMENT[x.key]} {x.n}
            </Tag>
          ))}
          {byLevel.map((x) => (
            <Tag key={x.key} color="green">
              {CERT_LEVEL[x.key]} {x.n}
            </Tag>
          ))}
        </Space>
      </Panel>
      <Panel title="人员配备达标记录（近 12 个月）">
        <Table
          size="small"
          rowKey="on"
          pagination={false}
          data-testid="compliance-history"
          dataSource={[...history].reverse()}
          scroll={{ x: 640 }}
          columns={[
            { title: '日期', dataIndex: 'on' },
            {
              title: '结果',
              render: (_: unknown, c) => (!c.applicable ? <Tag>不适用</Tag> : c.complies ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>),
            },
            { title: '在岗 / 专职 / 持证', render: (_: unknown, c) => `${c.staffCount} / ${c.fullTimeCount} / ${c.certifiedCount}` },
            { title: '未达标起始日', dataIndex: 'failingSince', render: (v: string | null) => v ?? '—' },
            { title: '原因', render: (_: unknown, c) => c.failures.map((f) => staffingFailure(f.rule, f.actual, f.required)).join('；') || '—' },
          ]}
        />
      </Panel>
      <Panel title="服务量">
        <div style={{ marginBottom: 12 }}>
          <PeriodPicker value={period} onChange={onPeriod} />
        </div>
        <FigureTiles metrics={metrics} figures={st.figures as Figures} />
        <Chart
          label="月度服务量"
          testId="chart-volume"
          option={{
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 48, right: 24, top: 36, bottom: 28 },
            xAxis: { type: 'category', data: st.monthly.map((m) => m.month) },
            yAxis: { type: 'value', minInterval: 1 },
            series: VOLUME.map((name) => ({
              type: 'bar',
              stack: 'volume',
              name: metrics.find((m) => m.name === name)?.label ?? name,
              data: st.monthly.map((m) => asNumber((m.figures as Figures)[name])),
            })),
          }}
        />
      </Panel>
    </Space>
  );
}
