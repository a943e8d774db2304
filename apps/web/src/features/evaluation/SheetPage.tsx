import { Alert, App, Button, Descriptions, Input, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import { Fragment, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { EvalSheetStage, Role } from '../../gql/graphql';
import { request } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';
import { HOLDER, STAGE, STAGE_COLOR } from './labels';

const SHEET = graphql(`
  query EvaluationSheet($id: ID!) {
    evaluationSheet(id: $id) {
      id
      stationName
      stationCode
      stage
      version
      returnedReason
      total
      grade
      scores {
        ruleId
        score
        figure
        note
        computed
      }
      dimensions {
        dimensionId
        score
      }
      log {
        id
        kind
        ruleId
        fromScore
        toScore
        fromStage
        toStage
        reason
        actorRole
        at
      }
      round {
        name
        periodLabel
        scheme {
          name
          total
          dimensions {
            id
            code
            name
            maxScore
            indicators {
              id
              code
              name
              rules {
                id
                code
                name
                maxScore
                kind
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
  }
`);

const SAVE = graphql(`
  mutation SaveEvaluationScores($input: EvalSaveScoresInput!) {
    saveEvaluationScores(input: $input) {
      id
      version
    }
  }
`);
const SUBMIT = graphql(`
  mutation SubmitEvaluationSheet($id: ID!, $version: Int!) {
    submitEvaluationSheet(id: $id, version: $version) {
      id
      stage
    }
  }
`);
const RETURN = graphql(`
  mutation ReturnEvaluationSheet($id: ID!, $version: Int!, $reason: String!) {
    returnEvaluationSheet(id: $id, version: $version, reason: $reason) {
      id
      stage
    }
  }
`);

type Draft = Record<string, { score: number | null; note: string; reason: string }>;

const LOG_KIND: Record<string, string> = { SCORE: '评分', COMPUTED: '自动计算', SUBMIT: '提交', RETURN: '退回', PUBLISH: '发布' };
const ROLE_NAME: Record<string, string> = { STATION_HEAD: '站长', DISTRICT_OFFICER: '区民政局', EVALUATOR: '第三方评估', CITY_ADMIN: '市级平台' };

/** One station's sheet: the scheme's tree with figures and scores, editable by whoever holds it at its stage. */
export default function SheetPage() {
  const { id = '' } = useParams();
  const s = useSession();
  const { message } = App.useApp();
  const q = useQuery(SHEET, { id });
  const [draft, setDraft] = useState<Draft>({});
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <div data-testid="evaluation-sheet">
      <Loadable {...q}>
        {() => {
          const sheet = q.data!.evaluationSheet;
          const holder = HOLDER[sheet.stage as EvalSheetStage];
          const mine = Boolean(holder && s.roles.has(holder as Role));
          const scores = new Map(sheet.scores.map((x) => [x.ruleId, x]));
          const dims = new Map(sheet.dimensions.map((d) => [d.dimensionId, d.score]));
          const names = new Map(sheet.round.scheme.dimensions.flatMap((d) => d.indicators.flatMap((i) => i.rules)).map((r) => [r.id, r.name]));
          const act = async (work: () => Promise<unknown>, done: string) => {
            setBusy(true);
            try {
              await work();
              message.success(done);
              setDraft({});
              await q.refetch();
            } catch (e) {
              message.error(describeError(e));
            } finally {
              setBusy(false);
            }
          };
          const save = () =>
            act(
              () =>
                request(SAVE, {
                  input: {
                    sheetId: sheet.id,
                    version: sheet.version,
                    scores: Object.entries(draft).map(([ruleId, d]) => ({
                      ruleId,
                      score: d.score == null ? null : String(d.score),
                      note: d.note || null,
                      reason: d.reason || null,
                    })),
                  },
                }),
              '评分已保存',
            );
          return (
            <>
              <PageTitle
                title={`${sheet.stationName} · ${sheet.round.name}`}
                sub={`${sheet.round.scheme.name}，${sheet.round.periodLabel}`}
                extra={
                  mine && (
                    <Space wrap>
                      <Button disabled={!Object.keys(draft).length || busy} onClick={save}>
                        保存评分
                      </Button>
                      {sheet.stage !== 'SELF' && (
                        <Button danger disabled={busy} onClick={() => setReturning(true)}>
                          退回修改
                        </Button>
                      )}
                      {sheet.stage !== 'CONFIRMED' && (
                        <Button
                          type="primary"
                          disabled={busy || Object.keys(draft).length > 0}
                          onClick={() => act(() => request(SUBMIT, { id: sheet.id, version: sheet.version }), '已提交')}
                        >
                          提交
                        </Button>
                      )}
                    </Space>
                  )
                }
              />
              {sheet.returnedReason && sheet.stage === 'SELF' && (
                <Alert type="warning" showIcon message="评估表已被退回修改" description={sheet.returnedReason} style={{ marginBottom: 12 }} />
              )}
              {!mine && sheet.stage !== 'PUBLISHED' && (
                <Alert type="info" showIcon message={`该评估表处于「${STAGE[sheet.stage as EvalSheetStage]}」环节，您只能查看`} style={{ marginBottom: 12 }} />
              )}
              <Panel>
                <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
                  <Descriptions.Item label="环节">
                    <Tag color={STAGE_COLOR[sheet.stage as EvalSheetStage]}>{STAGE[sheet.stage as EvalSheetStage]}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label="总分">
                    <span data-testid="sheet-total">{sheet.total}</span> / {sheet.round.scheme.total}
                  </Descriptions.Item>
                  <Descriptions.Item label="等级">{sheet.grade ?? '—'}</Descriptions.Item>
                </Descriptions>
              </Panel>
              <Panel>
                <div className="table-scroll">
                  <table className="eval-tree" style={{ minWidth: 760, width: '100%' }}>
                    <thead>
                      <tr>
                        <th>指标</th>
                        <th>满分</th>
                        <th>方式</th>
                        <th>平台数据</th>
                        <th>得分</th>
                        <th>说明</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sheet.round.scheme.dimensions.map((d) => (
                        <Fragment key={d.id}>
                          <tr className="eval-dimension">
                            <td colSpan={4}>
                              <Typography.Text strong>{`${d.code} ${d.name}`}</Typography.Text>
                            </td>
                            <td colSpan={2}>
                              <Typography.Text strong>{`${dims.get(d.id) ?? '0.00'} / ${d.maxScore}`}</Typography.Text>
                            </td>
                          </tr>
                          {d.indicators.map((ind) =>
                            ind.rules.map((r) => {
                              const sc = scores.get(r.id);
                              const edit = draft[r.id];
                              const editable = mine && r.kind === 'MANUAL';
                              const current = edit ?? { score: sc?.score == null ? null : Number(sc.score), note: sc?.note ?? '', reason: '' };
                              const fresh = sc?.score == null;
                              return (
                                <tr key={r.id} className="table-row" data-testid={`rule-${r.code}`}>
                                  <td>
                                    <Typography.Text type="secondary">{ind.name} · </Typography.Text>
                                    {`${r.code} ${r.name}`}
                                  </td>
                                  <td>{r.maxScore}</td>
                                  <td>{r.kind === 'COMPUTED' ? <Tag color="geekblue">自动</Tag> : <Tag>人工</Tag>}</td>
                                  <td>{r.kind === 'COMPUTED' ? `${r.metricLabel}：${sc?.figure ?? '—'}` : '—'}</td>
                                  <td>
                                    {editable ? (
                                      <InputNumber
                                        size="small"
                                        min={0}
                                        step={0.5}
                                        aria-label={`${r.name}得分`}
                                        value={edit ? edit.score : sc?.score == null ? null : Number(sc.score)}
                                        onChange={(v) => setDraft({ ...draft, [r.id]: { ...current, score: v } })}
                                      />
                                    ) : (
                                      (sc?.score ?? '未评')
                                    )}
                                  </td>
                                  <td>
                                    {editable ? (
                                      <Input
                                        size="small"
                                        aria-label={`${r.name}说明`}
                                        placeholder={fresh ? '评分说明' : '改分理由'}
                                        value={edit ? (fresh ? edit.note : edit.reason) : (sc?.note ?? '')}
                                        onChange={(e) =>
                                          setDraft({ ...draft, [r.id]: { ...current, ...(fresh ? { note: e.target.value } : { reason: e.target.value }) } })
                                        }
                                      />
                                    ) : (
                                      (sc?.note ?? '')
                                    )}
                                  </td>
                                </tr>
                              );
                            }),
                          )}
                        </Fragment>
                      ))}
                    </tbody>
                  </table>
                </div>
              </Panel>
              <Panel title="评分与流转记录">
                <ul className="eval-log" data-testid="sheet-log">
                  {sheet.log.map((l) => (
                    <li key={l.id}>
                      <Typography.Text type="secondary">{new Date(l.at as string).toLocaleString('zh-CN')}</Typography.Text>{' '}
                      {l.actorRole ? ROLE_NAME[l.actorRole] : '平台'} {LOG_KIND[l.kind] ?? l.kind}
                      {l.ruleId && `「${names.get(l.ruleId) ?? ''}」${l.fromScore ?? '未评'} → ${l.toScore ?? '未评'}`}
                      {l.toStage &&
                        l.kind !== 'SCORE' &&
                        l.kind !== 'COMPUTED' &&
                        `：${STAGE[l.fromStage as EvalSheetStage]} → ${STAGE[l.toStage as EvalSheetStage]}`}
                      {l.reason && `（${l.reason}）`}
                    </li>
                  ))}
                </ul>
              </Panel>
              <Modal
                title="退回修改"
                open={returning}
                okText="退回"
                cancelText="取消"
                okButtonProps={{ danger: true, disabled: busy }}
                onCancel={() => setReturning(false)}
                onOk={async () => {
                  await act(() => request(RETURN, { id: sheet.id, version: sheet.version, reason }), '已退回站点修改');
                  setReturning(false);
                  setReason('');
                }}
              >
                <Input.TextArea aria-label="退回理由" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请写明需要修改的内容" />
              </Modal>
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
