import { Col, Row, Statistic, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import { formatDateTime, monthStart, today } from '../../lib/dates';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { DateInput, Loadable, PageTitle, Panel } from '../common/ui';

/** The three rates, the station ranking and the overdue list of the caller's subtree: one request. */
const RATES = graphql(`
  query WorkOrderRatesBoard($nodeId: ID!, $from: Date!, $to: Date!) {
    workOrderRates(nodeId: $nodeId, from: $from, to: $to) {
      received
      closed
      overdue
      response {
        met
        due
        percent
      }
      resolution {
        met
        due
        percent
      }
      satisfaction {
        met
        due
        percent
      }
    }
    workOrderStationRanking(nodeId: $nodeId, from: $from, to: $to) {
      stationId
      stationName
      rates {
        received
        response {
          percent
        }
        resolution {
          percent
        }
        satisfaction {
          percent
        }
      }
    }
    workOrders(filter: { rootId: $nodeId, overdue: true }, page: { limit: 20 }) {
      total
      items {
        id
        orderNumber
        stationName
        categoryName
        contactDue
        resolveDue
        firstContactedAt
      }
    }
  }
`);

const pct = (p: string | null | undefined) => (p === null || p === undefined ? '—' : `${p}%`);

export default function Rates() {
  const s = useSession();
  const [from, setFrom] = useState(monthStart());
  const [to, setTo] = useState(today());
  const nodeId = s.me.assignments[0]?.orgUnitId ?? '';
  const q = useQuery(RATES, { nodeId, from, to });
  return (
    <div data-testid="wo-rates">
      <PageTitle
        title="接诉即办三率"
        sub="响应率：时限内联系诉求人；解决率：时限内办结；满意率：回访满意或基本满意"
        extra={
          <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
            <span style={{ width: 160 }}>
              <DateInput value={from} max={to} onChange={(v) => v && setFrom(v)} aria-label="起始日期" />
            </span>
            至
            <span style={{ width: 160 }}>
              <DateInput value={to} min={from} onChange={(v) => v && setTo(v)} aria-label="截止日期" />
            </span>
          </span>
        }
      />
      <Loadable {...q}>
        {() => {
          const r = q.data!.workOrderRates;
          return (
            <>
              <Panel>
                <Row gutter={16}>
                  <Col xs={12} md={4}>
                    <Statistic title="受理工单" value={r.received} />
                  </Col>
                  <Col xs={12} md={4}>
                    <Statistic title="已办结" value={r.closed} />
                  </Col>
                  <Col xs={12} md={4}>
                    <Statistic title="超时未办结" value={r.overdue} valueStyle={r.overdue ? { color: '#cf1322' } : undefined} />
                  </Col>
                  <Col xs={12} md={4} data-testid="rate-response">
                    <Statistic title={`响应率（${r.response.met}/${r.response.due}）`} value={pct(r.response.percent)} />
                  </Col>
                  <Col xs={12} md={4} data-testid="rate-resolution">
                    <Statistic title={`解决率（${r.resolution.met}/${r.resolution.due}）`} value={pct(r.resolution.percent)} />
                  </Col>
                  <Col xs={12} md={4} data-testid="rate-satisfaction">
                    <Statistic title={`满意率（${r.satisfaction.met}/${r.satisfaction.due}）`} value={pct(r.satisfaction.percent)} />
                  </Col>
                </Row>
              </Panel>
              <Panel title="站点排名">
                <Table
                  size="small"
                  rowKey="stationId"
                  dataSource={q.data!.workOrderStationRanking}
                  locale={{ emptyText: '本期暂无工单' }}
                  pagination={false}
                  columns={[
                    { title: '名次', render: (_, __, i) => i + 1 },
                    { title: '站点', dataIndex: 'stationName' },
                    { title: '工单数', render: (_, x) => x.rates.received },
                    { title: '响应率', render: (_, x) => pct(x.rates.response.percent) },
                    { title: '解决率', render: (_, x) => pct(x.rates.resolution.percent) },
                    { title: '满意率', render: (_, x) => pct(x.rates.satisfaction.percent) },
                  ]}
                />
              </Panel>
              <Panel title={`超时工单（${q.data!.workOrders.total}）`}>
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={q.data!.workOrders.items}
                  locale={{ emptyText: '暂无超时工单' }}
                  pagination={false}
                  columns={[
                    { title: '工单编号', render: (_, w) => <Link to={`/work-orders/${w.id}`}>{w.orderNumber ?? '（无编号）'}</Link> },
                    { title: '承办站点', render: (_, w) => w.stationName ?? '待派单' },
                    { title: '分类', dataIndex: 'categoryName' },
                    { title: '超时', render: (_, w) => (w.firstContactedAt ? <Tag color="red">办结超时</Tag> : <Tag color="red">未按时联系</Tag>) },
                    { title: '办结时限', render: (_, w) => formatDateTime(w.resolveDue) },
                  ]}
                />
              </Panel>
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
