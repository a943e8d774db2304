import { App, Button, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Steps, Tabs, Tag, Typography } from 'antd';
import { List } from '../common/Table';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { type Session, useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { CasePageQuery, CaseStage, ClosureReason, GoalStatus, NeedDomain, NoteKind, RiskLevel } from '../../gql/graphql';
import { request } from '../../lib/client';
import { formatDateTime, today } from '../../lib/dates';
import { ApiError, describeError } from '../../lib/errors';
import { CLOSURE_REASON, GOAL_STATUS, INTAKE, NEED, NOTE_KIND, options, RISK, RISK_COLOR, STAGE, STAGES } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { applyFieldErrors, DateInput, Loadable, Masked, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

/** The whole case in one request: file, person, stage history, assessment, plan, notes, supervision, closure. */
const CASE = graphql(`
  query CasePage($id: ID!) {
    caseFile(id: $id) {
      id
      caseNumber
      stage
      openedOn
      closedOn
      intakeSource
      presentingProblem
      planSummary
      closureSummary
      closureReason
      workerId
      stationId
      openCommentCount
      worker {
        id
        displayName
      }
      serviceObject {
        id
        name
        gender
        idNumber
        riskLevel
        phone
        categories
      }
      assessment {
        riskLevel
        riskNotes
        strengths
        needs {
          domain
          description
        }
      }
      evaluation {
        summary
      }
      goals {
        id
        description
        plannedServices
        targetDate
        status
        attainmentNote
      }
      notes {
        id
        noteDate
        kind
        durationMinutes
        narrative
        stage
        authorId
        createdAt
      }
      history {
        fromStage
        toStage
        movedAt
        movedBy
        reason
      }
      closureRequests {
        id
        status
        reason
        summary
        requestedAt
        requestedBy
        decidedAt
        decisionComment
        openGoalsAccepted
      }
      comments {
        id
        authorId
        body
        createdAt
        noteId
        parentId
        resolved
        resolvedAt
      }
    }
  }
`);

const ADVANCE = graphql(`
  mutation AdvanceCase($id: ID!, $to: CaseStage!) {
    advanceCase(caseId: $id, toStage: $to) {
      id
      stage
    }
  }
`);
const ASSESS = graphql(`
  mutation RecordAssessment($id: ID!, $input: AssessmentInput!) {
    recordAssessment(caseId: $id, input: $input) {
      id
    }
  }
`);
const PLAN = graphql(`
  mutation RecordPlan($id: ID!, $summary: String!) {
    recordPlan(caseId: $id, summary: $summary) {
      id
    }
  }
`);
const ADD_GOAL = graphql(`
  mutation AddGoal($id: ID!, $input: GoalInput!) {
    addCaseGoal(caseId: $id, input: $input) {
      id
    }
  }
`);
const GOAL_PROGRESS = graphql(`
  mutation GoalProgress($id: ID!, $input: GoalProgressInput!) {
    setCaseGoalProgress(goalId: $id, input: $input) {
      id
      status
    }
  }
`);
const ADD_NOTE = graphql(`
  mutation AddNote($id: ID!, $input: CaseNoteInput!) {
    addCaseNote(caseId: $id, input: $input) {
      id
    }
  }
`);
const EVALUATE = graphql(`
  mutation RecordEvaluation($id: ID!, $input: EvaluationInput!) {
    recordEvaluation(caseId: $id, input: $input) {
      id
    }
  }
`);
const REQUEST_CLOSURE = graphql(`
  mutation RequestClosure($id: ID!, $input: ClosureRequestInput!) {
    requestCaseClosure(caseId: $id, input: $input) {
      id
      status
    }
  }
`);
const DECIDE = graphql(`
  mutation DecideClosure($id: ID!, $input: ClosureDecisionInput!) {
    decideCaseClosure(caseId: $id, input: $input) {
      id
      status
    }
  }
`);
const COMMENT = graphql(`
  mutation AddComment($id: ID!, $input: NewCommentInput!) {
    addSupervisionComment(caseId: $id, input: $input) {
      id
    }
  }
`);
const REPLY = graphql(`
  mutation Reply($id: ID!, $input: CommentInput!) {
    replyToSupervisionComment(commentId: $id, input: $input) {
      id
    }
  }
`);
const RESOLVE = graphql(`
  mutation Resolve($id: ID!) {
    resolveSupervisionComment(commentId: $id) {
      id
      resolved
    }
  }
`);

type Case = CasePageQuery['caseFile'];
type Run = (done: string, action: () => Promise<unknown>, form?: FormInstance) => Promise<boolean>;

const order = (s: CaseStage) => STAGES.indexOf(s);
const reached = (c: Case, s: CaseStage) => order(c.stage) >= order(s);

function Timeline({ c }: { c: Case }) {
  const when = new Map<CaseStage, string>();
  when.set('INTAKE', c.openedOn);
  for (const e of c.history) when.set(e.toStage, formatDateTime(e.movedAt).slice(0, 10));
  return (
    <div className="timeline-steps" data-testid="stage-timeline">
      <Steps
        size="small"
        current={order(c.stage)}
        status={c.stage === 'CLOSED' ? 'finish' : 'process'}
        items={STAGES.map((s) => ({ title: STAGE[s], description: reached(c, s) ? when.get(s) : undefined }))}
      />
    </div>
  );
}

function Assessment({ c, editable, run }: { c: Case; editable: boolean; run: Run }) {
  const [form] = Form.useForm<{ riskLevel: RiskLevel; strengths?: string; riskNotes?: string; needs: { domain: NeedDomain; description: string }[] }>();
  const [dirty, setDirty] = useState(false);
  useUnsavedChanges(dirty);
  const a = c.assessment;
  if (!reached(c, 'ASSESSMENT'))
    return (
      <Typography.Paragraph type="secondary" className="empty-note">
        个案进入预估阶段后填写预估
      </Typography.Paragraph>
    );
  if (!editable || c.stage === 'CLOSED')
    return a ? (
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="风险等级">
          <Tag color={RISK_COLOR[a.riskLevel]}>{RISK[a.riskLevel]}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="需求">{a.needs.map((n) => `${NEED[n.domain]}：${n.description ?? ''}`).join('；') || '—'}</Descriptions.Item>
        <Descriptions.Item label="优势">{a.strengths ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="风险说明">{a.riskNotes ?? '—'}</Descriptions.Item>
      </Descriptions>
    ) : (
      <Typography.Paragraph type="secondary" className="empty-note">
        尚未填写预估
      </Typography.Paragraph>
    );
  return (
    <Form
      name="assessment"
      form={form}
      layout="vertical"
      onValuesChange={() => setDirty(true)}
      initialValues={{
        riskLevel: a?.riskLevel ?? c.serviceObject?.riskLevel ?? 'LOW',
        strengths: a?.strengths ?? undefined,
        riskNotes: a?.riskNotes ?? undefined,
        needs: a?.needs.map((n) => ({ domain: n.domain, description: n.description ?? '' })) ?? [{ domain: 'DAILY_LIVING', description: '' }],
      }}
      onFinish={async (v) => {
        if (
          await run(
            '已保存预估',
            () =>
              request(ASSESS, {
                id: c.id,
                input: {
                  riskLevel: v.riskLevel,
                  strengths: v.strengths?.trim() || null,
                  riskNotes: v.riskNotes?.trim() || null,
                  needs: v.needs.map((n) => ({ domain: n.domain, description: n.description.trim() })),
                },
              }),
            form,
          )
        )
          setDirty(false);
      }}
    >
      <Form.List name="needs">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                <Form.Item name={[f.name, 'domain']} rules={[{ required: true }]} label={f.name === 0 ? '需求领域' : undefined}>
                  <Select style={{ width: 140 }} options={options(NEED)} aria-label="需求领域" />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'description']}
                  rules={[{ required: true, whitespace: true, message: '请描述需求' }]}
                  label={f.name === 0 ? '需求描述' : undefined}
                >
                  <Input style={{ width: 360, maxWidth: '70vw' }} maxLength={1000} aria-label="需求描述" />
                </Form.Item>
                {fields.length > 1 && (
                  <Button onClick={() => remove(f.name)} style={{ marginTop: f.name === 0 ? 30 : 0 }}>
                    删除
                  </Button>
                )}
              </Space>
            ))}
            <Button onClick={() => add({ domain: 'OTHER', description: '' })} style={{ marginBottom: 16 }}>
              添加需求
            </Button>
          </>
        )}
      </Form.List>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item label="风险等级" name="riskLevel" rules={[{ required: true }]}>
            <Select options={options(RISK)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item label="优势与资源" name="strengths">
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="风险说明" name="riskNotes">
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        保存预估
      </Button>
    </Form>
  );
}

function Plan({ c, editable, run }: { c: Case; editable: boolean; run: Run }) {
  const [planForm] = Form.useForm<{ summary: string }>();
  const [goalForm] = Form.useForm<{ description: string; plannedServices?: string; targetDate?: string }>();
  const [progress, setProgress] = useState<{ id: string; status: GoalStatus; note?: string } | null>(null);
  if (!reached(c, 'PLAN'))
    return (
      <Typography.Paragraph type="secondary" className="empty-note">
        个案进入计划阶段后制定服务计划
      </Typography.Paragraph>
    );
  const open = editable && c.stage !== 'CLOSED';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {open ? (
        <Form
          name="plan"
          form={planForm}
          layout="vertical"
          initialValues={{ summary: c.planSummary ?? '' }}
          onFinish={(v) => run('已保存计划', () => request(PLAN, { id: c.id, summary: v.summary.trim() }), planForm)}
        >
          <Form.Item label="计划概要" name="summary" rules={[{ required: true, whitespace: true, message: '请填写计划概要' }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Button htmlType="submit">保存计划概要</Button>
        </Form>
      ) : (
        <Typography.Paragraph>计划概要：{c.planSummary ?? '—'}</Typography.Paragraph>
      )}
      <List
        header={<Typography.Text strong>目标（{c.goals?.length ?? 0}）</Typography.Text>}
        dataSource={c.goals ?? []}
        locale={{ emptyText: '尚无目标' }}
        data-testid="goals"
        renderItem={(g) => (
          <List.Item
            actions={
              editable && c.stage !== 'CLOSED' && reached(c, 'INTERVENTION')
                ? [
                    <Button
                      key="p"
                      size="small"
                      onClick={() => setProgress({ id: g.id, status: g.status === 'OPEN' ? 'ACHIEVED' : g.status, note: g.attainmentNote ?? undefined })}
                    >
                      记录进展
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {g.description ?? '（内容不可见）'}
                  <Tag color={g.status === 'OPEN' ? 'blue' : g.status === 'ACHIEVED' ? 'green' : 'default'}>{GOAL_STATUS[g.status]}</Tag>
                </Space>
              }
              description={[
                g.plannedServices && `服务：${g.plannedServices}`,
                g.targetDate && `目标日期：${g.targetDate}`,
                g.attainmentNote && `达成情况：${g.attainmentNote}`,
              ]
                .filter(Boolean)
                .join('；')}
            />
          </List.Item>
        )}
      />
      {open && (
        <Panel title="添加目标">
          <Form
            name="goal"
            form={goalForm}
            layout="vertical"
            onFinish={async (v) => {
              if (
                await run(
                  '已添加目标',
                  () =>
                    request(ADD_GOAL, {
                      id: c.id,
                      input: { description: v.description.trim(), plannedServices: v.plannedServices?.trim() || null, targetDate: v.targetDate || null },
                    }),
                  goalForm,
                )
              )
                goalForm.resetFields();
            }}
          >
            <Row gutter={12}>
              <Col xs={24} md={10}>
                <Form.Item label="目标" name="description" rules={[{ required: true, whitespace: true, message: '请填写目标' }]}>
                  <Input maxLength={1000} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="计划服务" name="plannedServices">
                  <Input maxLength={1000} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item label="目标日期" name="targetDate">
                  <DateInput />
                </Form.Item>
              </Col>
            </Row>
            <Button htmlType="submit">添加目标</Button>
          </Form>
        </Panel>
      )}
      <Modal
        open={Boolean(progress)}
        title="记录目标进展"
        okText="保存"
        cancelText="取消"
        onCancel={() => setProgress(null)}
        onOk={async () => {
          if (
            progress &&
            (await run('已记录进展', () =>
              request(GOAL_PROGRESS, { id: progress.id, input: { status: progress.status, attainmentNote: progress.note?.trim() || null } }),
            ))
          )
            setProgress(null);
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%' }}
            value={progress?.status}
            onChange={(status) => setProgress((p) => p && { ...p, status })}
            options={options(GOAL_STATUS)}
            aria-label="目标状态"
          />
          <Input.TextArea
            rows={3}
            placeholder="达成情况"
            value={progress?.note}
            onChange={(e) => setProgress((p) => p && { ...p, note: e.target.value })}
            aria-label="达成情况"
          />
        </Space>
      </Modal>
    </Space>
  );
}

function Notes({ c, editable, s, run, onComment }: { c: Case; editable: boolean; s: Session; run: Run; onComment?: (noteId: string) => void }) {
  const [form] = Form.useForm<{ noteDate: string; kind: NoteKind; durationMinutes: number; narrative: string }>();
  const [dirty, setDirty] = useState(false);
  useUnsavedChanges(dirty);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {editable && c.stage !== 'CLOSED' && (
        <Panel title={c.stage === 'INTERVENTION' ? '添加服务记录（介入期的个案记录即服务记录）' : '添加个案记录'}>
          <Form
            name="note"
            form={form}
            layout="vertical"
            onValuesChange={() => setDirty(true)}
            initialValues={{ noteDate: today(), kind: 'INTERVIEW', durationMinutes: 45 }}
            onFinish={async (v) => {
              if (
                await run(
                  '已添加记录',
                  () =>
                    request(ADD_NOTE, {
                      id: c.id,
                      input: { noteDate: v.noteDate, kind: v.kind, durationMinutes: v.durationMinutes, narrative: v.narrative.trim() },
                    }),
                  form,
                )
              ) {
                form.resetFields();
                setDirty(false);
              }
            }}
          >
            <Row gutter={12}>
              <Col xs={12} md={6}>
                <Form.Item label="记录日期" name="noteDate" rules={[{ required: true }]}>
                  <DateInput max={today()} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="方式" name="kind" rules={[{ required: true }]}>
                  <Select options={options(NOTE_KIND)} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="时长（分钟）" name="durationMinutes" rules={[{ required: true }]}>
                  <InputNumber min={1} max={1440} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="记录内容" name="narrative" rules={[{ required: true, whitespace: true, message: '请填写记录内容' }]}>
              <Input.TextArea rows={4} maxLength={8000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              保存记录
            </Button>
          </Form>
        </Panel>
      )}
      <List
        dataSource={[...(c.notes ?? [])].sort((a, b) => b.noteDate.localeCompare(a.noteDate))}
        locale={{ emptyText: '暂无个案记录' }}
        data-testid="notes"
        renderItem={(n) => (
          <List.Item
            actions={
              onComment && s.can('create', 'SupervisionComment', { caseWorkerId: c.workerId, isReply: false })
                ? [
                    <Button key="c" size="small" onClick={() => onComment(n.id)}>
                      对此记录提意见
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {n.noteDate}
                  <Tag>{NOTE_KIND[n.kind]}</Tag>
                  <Tag color="blue">{STAGE[n.stage]}</Tag>
                  <Typography.Text type="secondary">{n.durationMinutes} 分钟</Typography.Text>
                </Space>
              }
              description={n.narrative ?? '（内容不可见）'}
            />
          </List.Item>
        )}
      />
    </Space>
  );
}

function Evaluation({ c, editable, run }: { c: Case; editable: boolean; run: Run }) {
  const [evalForm] = Form.useForm<{ summary: string }>();
  const [closeForm] = Form.useForm<{ reason: ClosureReason; summary: string }>();
  const pending = c.closureRequests.find((r) => r.status === 'PENDING');
  if (!reached(c, 'EVALUATION'))
    return (
      <Typography.Paragraph type="secondary" className="empty-note">
        个案进入评估阶段后填写评估、申请结案
      </Typography.Paragraph>
    );
  const open = editable && c.stage !== 'CLOSED';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {open ? (
        <Form
          name="evaluation"
          form={evalForm}
          layout="vertical"
          initialValues={{ summary: c.evaluation?.summary ?? '' }}
          onFinish={(v) => run('已保存评估', () => request(EVALUATE, { id: c.id, input: { summary: v.summary.trim() } }), evalForm)}
        >
          <Form.Item label="评估（服务成效）" name="summary" rules={[{ required: true, whitespace: true, message: '请填写评估' }]}>
            <Input.TextArea rows={4} maxLength={8000} />
          </Form.Item>
          <Button htmlType="submit">保存评估</Button>
        </Form>
      ) : (
        <Typography.Paragraph>评估：{c.evaluation?.summary ?? '—'}</Typography.Paragraph>
      )}
      {open && !pending && (
        <Panel title="申请结案（由站长审批）">
          <Form
            name="closure"
            form={closeForm}
            layout="vertical"
            initialValues={{ reason: 'GOALS_ACHIEVED' }}
            onFinish={(v) =>
              run(
                '已提交结案申请，等待站长审批',
                () => request(REQUEST_CLOSURE, { id: c.id, input: { reason: v.reason, summary: v.summary.trim() } }),
                closeForm,
              )
            }
          >
            <Form.Item label="结案原因" name="reason" rules={[{ required: true }]}>
              <Select options={options(CLOSURE_REASON)} />
            </Form.Item>
            <Form.Item label="结案小结" name="summary" rules={[{ required: true, whitespace: true, message: '请填写结案小结' }]}>
              <Input.TextArea rows={3} maxLength={8000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              申请结案
            </Button>
          </Form>
        </Panel>
      )}
      <List
        header={<Typography.Text strong>结案申请</Typography.Text>}
        dataSource={c.closureRequests}
        locale={{ emptyText: '尚无结案申请' }}
        renderItem={(r) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={r.status === 'PENDING' ? 'orange' : r.status === 'APPROVED' ? 'green' : 'red'}>
                    {r.status === 'PENDING' ? '待审批' : r.status === 'APPROVED' ? '已批准' : '已退回'}
                  </Tag>
                  {CLOSURE_REASON[r.reason]}
                  <Typography.Text type="secondary">{formatDateTime(r.requestedAt)}</Typography.Text>
                </Space>
              }
              description={[r.summary, r.decisionComment && `审批意见：${r.decisionComment}`].filter(Boolean).join('；')}
            />
          </List.Item>
        )}
      />
    </Space>
  );
}

function Supervision({ c, s, run, noteId, setNoteId }: { c: Case; s: Session; run: Run; noteId?: string; setNoteId: (id?: string) => void }) {
  const [form] = Form.useForm<{ body: string }>();
  const [replyTo, setReplyTo] = useState<string>();
  const [reply, setReply] = useState('');
  const comments = c.comments ?? [];
  const threads = comments.filter((x) => !x.parentId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const canStart = s.can('create', 'SupervisionComment', { caseWorkerId: c.workerId, isReply: false });
  const canReply = s.can('create', 'SupervisionComment', { caseWorkerId: c.workerId, isReply: true });
  const who = (id: string) => (id === s.me.id ? '我' : id === c.workerId ? `${c.worker.displayName ?? '负责社工'}（社工）` : '督导 / 站长');
  const noteOf = (id?: string | null) => c.notes?.find((n) => n.id === id);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" id="supervision">
      {canStart && (
        <Panel title="发表督导意见">
          <Form
            name="comment"
            form={form}
            layout="vertical"
            onFinish={async (v) => {
              if (await run('已发表督导意见', () => request(COMMENT, { id: c.id, input: { body: v.body.trim(), noteId: noteId ?? null } }), form)) {
                form.resetFields();
                setNoteId(undefined);
              }
            }}
          >
            {noteId && (
              <Typography.Paragraph>
                针对 {noteOf(noteId)?.noteDate} 的个案记录{' '}
                <Button size="small" type="link" onClick={() => setNoteId(undefined)}>
                  改为针对整个个案
                </Button>
              </Typography.Paragraph>
            )}
            <Form.Item name="body" rules={[{ required: true, whitespace: true, message: '请填写意见' }]}>
              <Input.TextArea rows={3} maxLength={8000} placeholder="对个案的专业意见" aria-label="督导意见" />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              发表
            </Button>
          </Form>
        </Panel>
      )}
      {threads.length === 0 && (
        <Typography.Paragraph type="secondary" className="empty-note">
          暂无督导意见
        </Typography.Paragraph>
      )}
      {threads.map((t) => (
        <div key={t.id} className="thread" data-testid="thread">
          <Space wrap>
            <Typography.Text strong>{who(t.authorId)}</Typography.Text>
            <Typography.Text type="secondary">{formatDateTime(t.createdAt)}</Typography.Text>
            {t.noteId && <Tag>针对 {noteOf(t.noteId)?.noteDate ?? ''} 的记录</Tag>}
            {t.resolved ? <Tag color="green">已解决</Tag> : <Tag color="orange">待解决</Tag>}
          </Space>
          <Typography.Paragraph style={{ margin: '4px 0' }}>{t.body ?? '（内容不可见）'}</Typography.Paragraph>
          {comments
            .filter((r) => r.parentId === t.id)
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
            .map((r) => (
              <div key={r.id} className="thread-reply" data-testid="reply">
                <Space wrap>
                  <Typography.Text strong>{who(r.authorId)}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(r.createdAt)}</Typography.Text>
                </Space>
                <div>{r.body ?? '（内容不可见）'}</div>
              </div>
            ))}
          <Space wrap style={{ marginTop: 8 }}>
            {canReply && !t.resolved && replyTo !== t.id && (
              <Button size="small" onClick={() => setReplyTo(t.id)}>
                回复
              </Button>
            )}
            {!t.resolved && s.can('update', 'SupervisionComment', { authorId: t.authorId }) && (
              <Button size="small" onClick={() => run('已标记为已解决', () => request(RESOLVE, { id: t.id }))}>
                标记已解决
              </Button>
            )}
          </Space>
          {replyTo === t.id && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input value={reply} onChange={(e) => setReply(e.target.value)} placeholder="回复内容" maxLength={8000} aria-label="回复内容" />
              <Button
                type="primary"
                disabled={!reply.trim()}
                onClick={async () => {
                  if (await run('已回复', () => request(REPLY, { id: t.id, input: { body: reply.trim() } }))) {
                    setReply('');
                    setReplyTo(undefined);
                  }
                }}
              >
                发送
              </Button>
            </Space.Compact>
          )}
        </div>
      ))}
    </Space>
  );
}

function ClosureDecision({ c, run }: { c: Case; run: Run }) {
  const { modal } = App.useApp();
  const [comment, setComment] = useState('');
  const pending = c.closureRequests.find((r) => r.status === 'PENDING');
  if (!pending) return null;
  const decide = async (approve: boolean, acceptOpenGoals = false) => {
    try {
      await request(DECIDE, { id: c.id, input: { approve, acceptOpenGoals, comment: comment.trim() || null } });
      return run(approve ? '已批准结案' : '已退回结案申请', async () => undefined);
    } catch (e) {
      if (e instanceof ApiError && e.extensions.rule === 'case.closure-open-goals') {
        modal.confirm({
          title: '计划中仍有未完成的目标',
          content: '确定仍然批准结案吗？',
          okText: '仍然批准',
          cancelText: '取消',
          onOk: () => decide(true, true),
        });
        return false;
      }
      return run('', () => Promise.reject(e));
    }
  };
  return (
    <Panel title="结案审批" style={{ marginBottom: 16, borderColor: '#faad14' }} data-testid="closure-decision">
      <Typography.Paragraph>
        {CLOSURE_REASON[pending.reason]}：{pending.summary ?? ''}（{formatDateTime(pending.requestedAt)} 申请）
      </Typography.Paragraph>
      <Input.TextArea
        rows={2}
        placeholder="审批意见（可选）"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        style={{ marginBottom: 8 }}
        aria-label="审批意见"
      />
      <Space>
        <Button type="primary" onClick={() => decide(true)}>
          批准结案
        </Button>
        <Button danger onClick={() => decide(false)}>
          退回
        </Button>
      </Space>
    </Panel>
  );
}

export default function CasePage() {
  const { id } = useParams();
  const s = useSession();
  const location = useLocation();
  const { message, modal } = App.useApp();
  const q = useQuery(CASE, { id: id! });
  const [tab, setTab] = useState(location.hash === '#supervision' ? 'supervision' : 'overview');
  const [noteId, setNoteId] = useState<string>();

  const run: Run = async (done, action, form) => {
    try {
      await action();
      if (done) message.success(done);
      await q.refetch();
      return true;
    } catch (e) {
      if (!form || !applyFieldErrors(form, e)) message.error(describeError(e));
      return false;
    }
  };

  return (
    <Loadable {...q}>
      {() => {
        const c = q.data!.caseFile;
        const editable = s.can('update', 'CaseFile', { workerId: c.workerId });
        const next = c.stage === 'CLOSED' || c.stage === 'EVALUATION' ? undefined : STAGES[order(c.stage) + 1];
        const pending = c.closureRequests.some((r) => r.status === 'PENDING');
        return (
          <div data-testid="case">
            <PageTitle
              title={
                <Space wrap>
                  个案 {c.caseNumber}
                  <Tag color={c.stage === 'CLOSED' ? 'default' : 'blue'} data-testid="case-stage">
                    {STAGE[c.stage]}
                  </Tag>
                  {pending && <Tag color="orange">结案待审批</Tag>}
                </Space>
              }
              sub={`负责社工：${c.worker.displayName ?? '—'} · 接案 ${c.openedOn}${c.closedOn ? ` · 结案 ${c.closedOn}` : ''}`}
              extra={
                editable &&
                next && (
                  <Button
                    type="primary"
                    onClick={() =>
                      modal.confirm({
                        title: `推进到「${STAGE[next]}」阶段？`,
                        content: '个案阶段只能向前推进，一次一步。',
                        okText: '推进',
                        cancelText: '取消',
                        onOk: () => run(`已进入${STAGE[next]}阶段`, () => request(ADVANCE, { id: c.id, to: next })),
                      })
                    }
                  >
                    推进到「{STAGE[next]}」
                  </Button>
                )
              }
            />
            <Panel style={{ marginBottom: 16 }}>
              <Timeline c={c} />
            </Panel>
            {s.canAll('approveClosure', 'CaseFile') && <ClosureDecision c={c} run={run} />}
            <Panel>
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: 'overview',
                    label: '概况',
                    children: (
                      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                        <Descriptions.Item label="服务对象">
                          {c.serviceObject ? <Link to={`/people/${c.serviceObject.id}`}>{c.serviceObject.name}</Link> : '—'}
                        </Descriptions.Item>
                        <Descriptions.Item label="身份证号">
                          <Masked value={c.serviceObject?.idNumber} />
                        </Descriptions.Item>
                        <Descriptions.Item label="来源">{INTAKE[c.intakeSource]}</Descriptions.Item>
                        <Descriptions.Item label="联系电话">{c.serviceObject?.phone ?? '—'}</Descriptions.Item>
                        <Descriptions.Item label="主要问题" span={2}>
                          {c.presentingProblem ?? '（内容不可见）'}
                        </Descriptions.Item>
                      </Descriptions>
                    ),
                  },
                  { key: 'assessment', label: '预估', children: <Assessment c={c} editable={editable} run={run} /> },
                  { key: 'plan', label: '计划与目标', children: <Plan c={c} editable={editable} run={run} /> },
                  {
                    key: 'notes',
                    label: `个案记录（${c.notes?.length ?? 0}）`,
                    children: (
                      <Notes
                        c={c}
                        editable={editable}
                        s={s}
                        run={run}
                        onComment={(n) => {
                          setNoteId(n);
                          setTab('supervision');
                        }}
                      />
                    ),
                  },
                  { key: 'evaluation', label: '评估与结案', children: <Evaluation c={c} editable={editable} run={run} /> },
                  {
                    key: 'supervision',
                    label: `督导意见（${c.openCommentCount}）`,
                    children: <Supervision c={c} s={s} run={run} noteId={noteId} setNoteId={setNoteId} />,
                  },
                  {
                    key: 'history',
                    label: '阶段记录',
                    children: (
                      <List
                        dataSource={c.history}
                        renderItem={(e) => (
                          <List.Item>
                            {formatDateTime(e.movedAt)}：{e.fromStage ? STAGE[e.fromStage] : '—'} → {STAGE[e.toStage]}
                            {e.reason ? `（${e.reason}）` : ''}
                          </List.Item>
                        )}
                      />
                    ),
                  },
                ]}
              />
            </Panel>
          </div>
        );
      }}
    </Loadable>
  );
}
