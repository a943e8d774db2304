import { Alert, Select, Tag } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { Loadable, PageTitle, Panel } from '../common/ui';

const ROUNDS = graphql(`
  query EvaluationRounds {
    evaluationRounds(page: { limit: 100 }) {
      items {
        id
        name
        periodLabel
        periodKind
        status
        tieBreak
      }
    }
  }
`);

const RESULTS = graphql(`
  query EvaluationResults($roundId: ID!, $offset: Int!) {
    evaluationResults(roundId: $roundId, page: { limit: 50, offset: $offset }) {
      total
      items {
        stationId
        stationName
        stationCode
        districtName
        total
        grade
        rankCity
        rankDistrict
        change
        redFlag
        dimensions {
          name
          score
        }
      }
    }
  }
`);

/** Published results: the ranking of a round (the quarterly contest's top three marked), with the declared tie-break. */
export default function Results() {
  const rounds = useQuery(ROUNDS, {});
  const published = rounds.data?.evaluationRounds.items.filter((r) => r.status === 'PUBLISHED') ?? [];
  const [chosen, setChosen] = useState<string>();
  const roundId = chosen ?? published[0]?.id;
  const round = published.find((r) => r.id === roundId);
  const [offset, setOffset] = useState(0);
  const q = useQuery(RESULTS, { roundId: roundId ?? '', offset }, { skip: !roundId });
  return (
    <div data-testid="evaluation-results">
      <PageTitle
        title={round?.periodKind === 'QUARTER' ? '评估结果与季度评比排名' : '评估结果'}
        extra={
          <Select
            style={{ width: 280 }}
            value={roundId}
            onChange={(v) => {
              setChosen(v);
              setOffset(0);
            }}
            options={published.map((r) => ({ value: r.id, label: `${r.name}（${r.periodLabel}）` }))}
            placeholder="选择已发布的评估轮次"
            aria-label="评估轮次"
          />
        }
      />
      <Loadable {...rounds}>
        {() =>
          !roundId ? (
            <Alert type="info" showIcon message="暂无已发布的评估结果" />
          ) : (
            <Loadable {...q}>
              {() => (
                <Panel>
                  <Alert type="info" showIcon message={`排名规则：${round?.tieBreak ?? ''}`} style={{ marginBottom: 12 }} data-testid="tie-break" />
                  <Table
                    size="small"
                    rowKey="stationId"
                    dataSource={q.data!.evaluationResults.items}
                    scroll={{ x: 820 }}
                    pagination={{ total: q.data!.evaluationResults.total, pageSize: 50, current: offset / 50 + 1, onChange: (p) => setOffset((p - 1) * 50) }}
                    columns={[
                      { title: '全市排名', dataIndex: 'rankCity', render: (v: number, r) => (r.redFlag ? <Tag color="red">{`🚩 第${v}名 红旗`}</Tag> : v) },
                      { title: '区内排名', dataIndex: 'rankDistrict' },
                      { title: '站点', dataIndex: 'stationName', render: (v: string, r) => `${v}（${r.stationCode}）` },
                      { title: '区县', dataIndex: 'districtName' },
                      { title: '总分', dataIndex: 'total' },
                      { title: '等级', dataIndex: 'grade', render: (v) => v ?? '—' },
                      {
                        title: '各维度',
                        dataIndex: 'dimensions',
                        render: (ds: { name: string; score: string }[]) => ds.map((d) => `${d.name} ${d.score}`).join('；'),
                      },
                      { title: '较上期', dataIndex: 'change', render: (v) => v ?? '—' },
                    ]}
                  />
                </Panel>
              )}
            </Loadable>
          )
        }
      </Loadable>
    </div>
  );
}
