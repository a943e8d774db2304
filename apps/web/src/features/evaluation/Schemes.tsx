import { Alert, App, Button, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { Fragment, useState } from 'react';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { EvalSchemeInput, EvaluationSchemesQuery } from '../../gql/graphql';
import { request } from '../../lib/client';
import { ApiError, describeError, fieldMessage } from '../../lib/errors';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

const SCHEMES = graphql(`
  query EvaluationSchemes($offset: Int!) {
    evaluationSchemes(page: { limit: 10, offset: $offset }) {
      total
      items {
        id
        name
        version
        periodKind
        stationLevels
        total
        frozen
        ruleCount
        grades {
          name
          min
          max
        }
        dimensions {
          id
          code
          name
          maxScore
          indicators {
            id
            code
            name
            maxScore
            rules {
              id
              code
              name
              maxScore
              kind
              metric
              metricLabel
              scoring {
                kind
                floor
                target
                bands {
                  from
                  to
                  score
                }
              }
            }
          }
        }
      }
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateEvaluationScheme($id: ID!, $input: EvalSchemeInput!) {
    updateEvaluationScheme(id: $id, input: $input) {
      id
    }
  }
`);
const COPY = graphql(`
  mutation CopyEvaluationScheme($id: ID!) {
    copyEvaluationScheme(id: $id) {
      id
      version
    }
  }
`);

type Scheme = EvaluationSchemesQuery['evaluationSchemes']['items'][number];

/** The input that makes a scheme again, with the maxima edited. */
function inputOf(s: Scheme, max: Record<string, number | null>): EvalSchemeInput {
  return {
    name: s.name,
    periodKind: s.periodKind,
    stationLevels: s.stationLevels,
    total: s.total,
    grades: s.grades.map((g) => ({ name: g.name, min: g.min, max: g.max })),
    dimensions: s.dimensions.map((d) => ({
      name: d.name,
      indicators: d.indicators.map((i) => ({
        name: i.name,
        rules: i.rules.map((r) => ({
          name: r.name,
          maxScore: r.id in max ? String(max[r.id] ?? 0) : r.maxScore,
          kind: r.kind,
          metric: r.metric,
          scoring: r.scoring && { kind: r.scoring.kind, floor: r.scoring.floor, target: r.scoring.target, bands: r.scoring.bands.map((b) => ({ ...b })) },
        })),
      })),
    })),
  };
}

function SchemeView({ scheme, onChanged }: { scheme: Scheme; onChanged: () => Promise<void> }) {
  const s = useSession();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [max, setMax] = useState<Record<string, number | null>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const editable = !scheme.frozen && s.can('update', 'EvalScheme');
  return (
    <Panel
      title={
        <Space wrap>
          <span>{scheme.name}</span>
          <Tag>{`第${scheme.version}版`}</Tag>
          <Tag color="blue">{scheme.periodKind === 'QUARTER' ? '季度' : '年度'}</Tag>
          {scheme.frozen ? <Tag color="default">已冻结（已被评估轮次使用）</Tag> : <Tag color="green">可编辑</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Button size="small" onClick={() => setOpen(!open)}>
            {open ? '收起' : '查看指标'}
          </Button>
          {s.can('create', 'EvalScheme') && (
            <Button
              size="small"
              onClick={async () => {
                try {
                  const copy = (await request(COPY, { id: scheme.id })).copyEvaluationScheme;
                  message.success(`已复制为第${copy.version}版`);
                  await onChanged();
                } catch (e) {
                  message.error(describeError(e));
                }
              }}
            >
              复制为新版本
            </Button>
          )}
        </Space>
      }
      data-testid={`scheme-${scheme.id}`}
    >
      <Typography.Paragraph type="secondary">
        {`${scheme.dimensions.length} 个维度，${scheme.ruleCount} 条细则，总分 ${scheme.total}；等级：`}
        {scheme.grades.map((g) => `${g.name} ${g.min}–${g.max}`).join('，')}
      </Typography.Paragraph>
      {open && (
        <>
          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              message="方案有误，未保存"
              description={problems.join('；')}
              style={{ marginBottom: 12 }}
              data-testid="scheme-errors"
            />
          )}
          <div className="table-scroll">
            <table className="eval-tree" style={{ minWidth: 680, width: '100%' }}>
              <thead>
                <tr>
                  <th>指标</th>
                  <th>满分</th>
                  <th>方式</th>
                </tr>
              </thead>
              <tbody>
                {scheme.dimensions.map((d) => (
                  <Fragment key={d.id}>
                    <tr className="eval-dimension">
                      <td>
                        <Typography.Text strong>{`${d.code} ${d.name}`}</Typography.Text>
                      </td>
                      <td>{d.maxScore}</td>
                      <td />
                    </tr>
                    {d.indicators.map((i) =>
                      i.rules.map((r) => (
                        <tr key={r.id} className="table-row">
                          <td>
                            <Typography.Text type="secondary">{i.name} · </Typography.Text>
                            {`${r.code} ${r.name}`}
                          </td>
                          <td>
                            {editable ? (
                              <InputNumber
                                size="small"
                                min={0}
                                aria-label={`${r.name}满分`}
                                value={r.id in max ? max[r.id] : Number(r.maxScore)}
                                onChange={(v) => setMax({ ...max, [r.id]: v })}
                              />
                            ) : (
                              r.maxScore
                            )}
                          </td>
                          <td>
                            {r.kind === 'COMPUTED' ? (
                              <span>
                                <Tag color="geekblue">自动</Tag>
                                {r.metricLabel}
                                {r.scoring?.kind === 'LINEAR' ? `：${r.scoring.floor} 起计分，达 ${r.scoring.target} 得满分` : '：分档计分'}
                              </span>
                            ) : (
                              <Tag>人工评分</Tag>
                            )}
                          </td>
                        </tr>
                      )),
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          {editable && (
            <Space style={{ marginTop: 12 }}>
              <Input style={{ display: 'none' }} />
              <Button
                type="primary"
                disabled={!Object.keys(max).length}
                onClick={async () => {
                  try {
                    await request(UPDATE, { id: scheme.id, input: inputOf(scheme, max) });
                    message.success('方案已保存');
                    setProblems([]);
                    setMax({});
                    await onChanged();
                  } catch (e) {
                    if (e instanceof ApiError && e.fields.length) setProblems(e.fields.map((f) => fieldMessage(f)));
                    message.error(describeError(e));
                  }
                }}
              >
                保存方案
              </Button>
            </Space>
          )}
        </>
      )}
    </Panel>
  );
}

/** The city's evaluation schemes: each version's tree, grades and scoring; an unfrozen one can be edited, any copied. */
export default function Schemes() {
  const [offset] = useState(0);
  const q = useQuery(SCHEMES, { offset });
  return (
    <div data-testid="evaluation-schemes">
      <PageTitle title="评估方案" sub="指标体系：维度 → 指标 → 细则；已被评估轮次使用的方案冻结，修改请复制为新版本" />
      <Loadable {...q}>{() => q.data!.evaluationSchemes.items.map((scheme) => <SchemeView key={scheme.id} scheme={scheme} onChanged={q.refetch} />)}</Loadable>
    </div>
  );
}
