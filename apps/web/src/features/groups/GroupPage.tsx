import { App, Button, Checkbox, Col, Descriptions, Form, Input, InputNumber, Modal, Radio, Row, Space, Tag, Typography } from 'antd';
import { List, Table } from '../common/Table';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { GroupStage } from '../../gql/graphql';
import { request } from '../../lib/client';
import { today } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { GROUP_STAGE } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { PersonPicker } from '../common/PersonPicker';
import { applyFieldErrors, DateInput, Loadable, PageTitle, Panel } from '../common/ui';

const GROUP = graphql(`
  query GroupPage($id: ID!) {
    group(id: $id) {
      id
      name
      goal
      stage
      startDate
      endDate
      plannedSessions
      personTimes
      targetPopulation
      facilitatorIds
      stationId
      voidedAt
      members {
        id
        residentName
        serviceObjectId
        joinedOn
        serviceObject {
          id
          name
        }
      }
      sessions {
        id
        sessionDate
        topic
        durationMinutes
        attendeeIds
        record
        voidedAt
      }
    }
  }
`);

const ADD_MEMBER = graphql(`
  mutation AddMember($id: ID!, $input: GroupMemberInput!) {
    addGroupMember(groupId: $id, input: $input) {
      id
    }
  }
`);
const RECORD_SESSION = graphql(`
  mutation RecordSession($id: ID!, $input: GroupSessionInput!) {
    recordGroupSession(groupId: $id, input: $input) {
      id
    }
  }
`);
const SET_STAGE = graphql(`
  mutation SetGroupStage($id: ID!, $stage: GroupStage!) {
    setGroupStage(id: $id, stage: $stage) {
      id
      stage
    }
  }
`);

const STAGES: GroupStage[] = ['PREPARATION', 'FORMATION', 'TRANSITION', 'MATURITY', 'ENDING'];

interface SessionValues {
  sessionDate: string;
  topic: string;
  durationMinutes: number;
  attendeeIds: string[];
  record?: string;
}

export default function GroupPage() {
  const { id } = useParams();
  const s = useSession();
  const { message } = App.useApp();
  const q = useQuery(GROUP, { id: id! });
  const [adding, setAdding] = useState(false);
  const [memberKind, setMemberKind] = useState<'person' | 'resident'>('person');
  const [person, setPerson] = useState<string>();
  const [resident, setResident] = useState('');
  const [recording, setRecording] = useState(false);
  const [form] = Form.useForm<SessionValues>();

  const run = async (done: string, action: () => Promise<unknown>) => {
    try {
      await action();
      message.success(done);
      await q.refetch();
      return true;
    } catch (e) {
      message.error(describeError(e));
      return false;
    }
  };

  return (
    <Loadable {...q}>
      {() => {
        const g = q.data!.group;
        const editable = s.can('correct', 'Activity', { authorIds: g.facilitatorIds }) && !g.voidedAt;
        const name = (m: (typeof g.members)[number]) => m.serviceObject?.name ?? m.residentName ?? '—';
        const next = STAGES[STAGES.indexOf(g.stage) + 1];
        return (
          <div data-testid="group">
            <PageTitle
              title={
                <Space wrap>
                  {g.name}
                  <Tag>{GROUP_STAGE[g.stage]}</Tag>
                  {g.voidedAt && <Tag color="red">已作废</Tag>}
                </Space>
              }
              sub={`${g.startDate} 至 ${g.endDate} · 出席 ${g.personTimes} 人次`}
              extra={
                editable && (
                  <Space wrap>
                    <Button onClick={() => setAdding(true)}>添加组员</Button>
                    <Button type="primary" onClick={() => setRecording(true)} disabled={g.members.length === 0}>
                      记录节次
                    </Button>
                    {next && (
                      <Button onClick={() => run(`已进入${GROUP_STAGE[next]}`, () => request(SET_STAGE, { id: g.id, stage: next }))}>
                        进入{GROUP_STAGE[next]}
                      </Button>
                    )}
                  </Space>
                )
              }
            />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={9}>
                <Panel title="小组信息" style={{ marginBottom: 16 }}>
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label="目标">{g.goal}</Descriptions.Item>
                    <Descriptions.Item label="群体">{g.targetPopulation ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label="节次">{`${g.sessions.filter((x) => !x.voidedAt).length} / ${g.plannedSessions}`}</Descriptions.Item>
                  </Descriptions>
                </Panel>
                <Panel title={`组员（${g.members.length}）`}>
                  <List
                    size="small"
                    dataSource={g.members}
                    locale={{ emptyText: '尚无组员' }}
                    renderItem={(m) => (
                      <List.Item>
                        {name(m)}
                        <Typography.Text type="secondary">{m.joinedOn} 加入</Typography.Text>
                      </List.Item>
                    )}
                  />
                </Panel>
              </Col>
              <Col xs={24} lg={15}>
                <Panel title="节次与出席">
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={[...g.sessions].sort((a, b) => b.sessionDate.localeCompare(a.sessionDate))}
                    locale={{ emptyText: '尚未记录节次' }}
                    data-testid="sessions"
                    scroll={{ x: 520 }}
                    columns={[
                      { title: '日期', dataIndex: 'sessionDate' },
                      { title: '主题', dataIndex: 'topic', render: (v: string, r) => (r.voidedAt ? <Typography.Text delete>{v}</Typography.Text> : v) },
                      { title: '时长', dataIndex: 'durationMinutes', render: (v: number) => `${v} 分钟` },
                      { title: '出席', render: (_, r) => `${r.attendeeIds.length} 人` },
                      { title: '记录', dataIndex: 'record', ellipsis: true, render: (v) => v ?? '—' },
                    ]}
                  />
                </Panel>
              </Col>
            </Row>
            <Modal
              open={adding}
              title="添加组员"
              okText="添加"
              cancelText="取消"
              onCancel={() => setAdding(false)}
              onOk={async () => {
                const input =
                  memberKind === 'person' ? { serviceObjectId: person ?? null, joinedOn: today() } : { residentName: resident.trim(), joinedOn: today() };
                if ((memberKind === 'person' && !person) || (memberKind === 'resident' && !resident.trim()))
                  return message.warning('请选择服务对象或填写居民姓名');
                if (await run('已添加组员', () => request(ADD_MEMBER, { id: g.id, input }))) {
                  setAdding(false);
                  setPerson(undefined);
                  setResident('');
                }
              }}
              destroyOnClose
            >
              <Space direction="vertical" style={{ width: '100%' }}>
                <Radio.Group
                  value={memberKind}
                  onChange={(e) => setMemberKind(e.target.value)}
                  options={[
                    { value: 'person', label: '已登记的服务对象' },
                    { value: 'resident', label: '社区居民（未建档）' },
                  ]}
                />
                {memberKind === 'person' ? (
                  <PersonPicker value={person} onChange={(v) => setPerson(v)} />
                ) : (
                  <Input value={resident} onChange={(e) => setResident(e.target.value)} placeholder="居民姓名" maxLength={50} aria-label="居民姓名" />
                )}
              </Space>
            </Modal>
            <Modal
              open={recording}
              title="记录节次"
              okText="保存"
              cancelText="取消"
              onCancel={() => setRecording(false)}
              width={600}
              destroyOnClose
              onOk={async () => {
                const v = await form.validateFields();
                try {
                  await request(RECORD_SESSION, {
                    id: g.id,
                    input: {
                      sessionDate: v.sessionDate,
                      topic: v.topic.trim(),
                      durationMinutes: v.durationMinutes,
                      attendeeIds: v.attendeeIds,
                      record: v.record?.trim() || null,
                    },
                  });
                  message.success('已记录节次');
                  setRecording(false);
                  await q.refetch();
                } catch (e) {
                  if (!applyFieldErrors(form, e)) message.error(describeError(e));
                }
              }}
            >
              <Form<SessionValues>
                form={form}
                layout="vertical"
                preserve={false}
                initialValues={{
                  sessionDate: today(),
                  durationMinutes: 90,
                  attendeeIds: g.members.map((m) => m.id),
                  topic: `第${g.sessions.filter((x) => !x.voidedAt).length + 1}节`,
                }}
              >
                <Row gutter={12}>
                  <Col xs={12}>
                    <Form.Item label="活动日期" name="sessionDate" rules={[{ required: true }]}>
                      <DateInput max={today()} />
                    </Form.Item>
                  </Col>
                  <Col xs={12}>
                    <Form.Item label="时长（分钟）" name="durationMinutes" rules={[{ required: true }]}>
                      <InputNumber min={1} max={1440} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item label="主题" name="topic" rules={[{ required: true, whitespace: true, message: '请填写主题' }]}>
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item label="出席组员" name="attendeeIds">
                  <Checkbox.Group options={g.members.map((m) => ({ value: m.id, label: name(m) }))} />
                </Form.Item>
                <Form.Item label="活动记录" name="record">
                  <Input.TextArea rows={3} maxLength={8000} />
                </Form.Item>
              </Form>
            </Modal>
          </div>
        );
      }}
    </Loadable>
  );
}
