import { App, Button, Descriptions, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { IntakeSource, ServiceCategory } from '../../gql/graphql';
import { request } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { CATEGORY, GENDER, INTAKE, options, RISK, RISK_COLOR, STAGE, VISIT_KIND } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { applyFieldErrors, Loadable, Masked, PageTitle, Panel } from '../common/ui';
import { RecordVisitModal } from '../visits/RecordVisit';

const PERSON = graphql(`
  query Person($id: ID!, $node: ID!, $head: Boolean!, $visits: Boolean!) {
    serviceObject(id: $id) {
      id
      name
      gender
      idNumber
      birthDate
      phone
      address
      categories
      riskLevel
      notes
      stationId
      createdAt
      emergencyContact {
        name
        relation
        phone
      }
    }
    cases: caseFiles(filter: { serviceObjectId: $id }, page: { limit: 20 }) {
      items {
        id
        caseNumber
        stage
        openedOn
        closedOn
        worker {
          id
          displayName
        }
      }
    }
    visits: homeVisits(filter: { serviceObjectId: $id }, page: { limit: 10 }) @include(if: $visits) {
      total
      items {
        id
        visitDate
        kind
        followUpNeeded
        workerId
      }
    }
    workers: users(filter: { rootId: $node, includeDisabled: false }, page: { limit: 100 }) @include(if: $head) {
      items {
        id
        displayName
        assignments {
          role
          orgUnitId
        }
      }
    }
  }
`);

const OPEN_CASE = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      id
    }
  }
`);

interface OpenValues {
  intakeSource: IntakeSource;
  presentingProblem: string;
  workerId?: string;
}

export default function PersonPage() {
  const { id } = useParams();
  const s = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const head = s.canAll('transfer', 'CaseFile');
  const q = useQuery(PERSON, {
    id: id!,
    node: s.station?.orgUnitId ?? '00000000-0000-0000-0000-000000000000',
    head: head && Boolean(s.station),
    visits: s.can('read', 'HomeVisit'),
  });
  const [opening, setOpening] = useState(false);
  const [visiting, setVisiting] = useState<{ id: string; name: string } | null>(null);
  const [form] = Form.useForm<OpenValues>();
  const [busy, setBusy] = useState(false);

  const open = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await request(OPEN_CASE, {
        input: { serviceObjectId: id!, intakeSource: v.intakeSource, presentingProblem: v.presentingProblem.trim(), workerId: v.workerId ?? null },
      });
      message.success('已开案');
      navigate(`/cases/${res.openCase.id}`);
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Loadable {...q}>
      {() => {
        const p = q.data!.serviceObject;
        const openCase = q.data!.cases.items.find((c) => c.stage !== 'CLOSED');
        const workers = (q.data!.workers?.items ?? []).filter((u) => u.assignments.some((a) => a.role === 'SOCIAL_WORKER' || a.role === 'STATION_HEAD'));
        return (
          <div data-testid="person">
            <PageTitle
              title={p.name}
              sub={`服务对象 · 登记于 ${p.createdAt.slice(0, 10)}`}
              extra={
                <Space wrap>
                  {s.can('update', 'ServiceObject') && <Button onClick={() => navigate(`/people/${p.id}/edit`)}>编辑</Button>}
                  {s.can('create', 'HomeVisit') && <Button onClick={() => setVisiting({ id: p.id, name: p.name })}>记录探访</Button>}
                  {s.can('create', 'CaseFile') && !openCase && (
                    <Button type="primary" onClick={() => setOpening(true)}>
                      开案
                    </Button>
                  )}
                  {openCase && (
                    <Link to={`/cases/${openCase.id}`}>
                      <Button type="primary">查看在办个案</Button>
                    </Link>
                  )}
                </Space>
              }
            />
            <Panel style={{ marginBottom: 16 }}>
              <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
                <Descriptions.Item label="姓名">{p.name}</Descriptions.Item>
                <Descriptions.Item label="性别">{GENDER[p.gender]}</Descriptions.Item>
                <Descriptions.Item label="身份证号">
                  <Masked value={p.idNumber} />
                </Descriptions.Item>
                <Descriptions.Item label="出生日期">{p.birthDate ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="联系电话">{p.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="风险等级">
                  <Tag color={RISK_COLOR[p.riskLevel]}>{RISK[p.riskLevel]}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="类别">
                  {p.categories.map((c: ServiceCategory) => (
                    <Tag key={c}>{CATEGORY[c]}</Tag>
                  ))}
                </Descriptions.Item>
                <Descriptions.Item label="住址">{p.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="紧急联系人">
                  {p.emergencyContact?.name ? `${p.emergencyContact.name}（${p.emergencyContact.relation ?? '—'}）${p.emergencyContact.phone ?? ''}` : '—'}
                </Descriptions.Item>
                <Descriptions.Item label="备注">{p.notes ?? '—'}</Descriptions.Item>
              </Descriptions>
            </Panel>
            <Panel title="个案" style={{ marginBottom: 16 }}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={q.data!.cases.items}
                locale={{ emptyText: '暂无个案' }}
                columns={[
                  { title: '个案编号', dataIndex: 'caseNumber', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
                  { title: '阶段', dataIndex: 'stage', render: (v: keyof typeof STAGE) => <Tag color={v === 'CLOSED' ? 'default' : 'blue'}>{STAGE[v]}</Tag> },
                  { title: '负责社工', render: (_, r) => r.worker.displayName ?? '—' },
                  { title: '接案', dataIndex: 'openedOn' },
                  { title: '结案', dataIndex: 'closedOn', render: (v) => v ?? '—' },
                ]}
              />
            </Panel>
            {q.data!.visits && (
              <Panel title={`探访记录（${q.data!.visits.total}）`}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={q.data!.visits.items}
                  locale={{ emptyText: '暂无探访记录' }}
                  columns={[
                    { title: '日期', dataIndex: 'visitDate' },
                    { title: '方式', dataIndex: 'kind', render: (v: keyof typeof VISIT_KIND) => VISIT_KIND[v] },
                    { title: '需跟进', dataIndex: 'followUpNeeded', render: (v: boolean) => (v ? <Tag color="orange">是</Tag> : '否') },
                  ]}
                />
              </Panel>
            )}
            <Modal
              open={opening}
              title={`为 ${p.name} 开案（接案）`}
              okText="开案"
              cancelText="取消"
              onOk={open}
              confirmLoading={busy}
              onCancel={() => setOpening(false)}
              destroyOnClose
            >
              <Form<OpenValues> form={form} layout="vertical" initialValues={{ intakeSource: 'OUTREACH' }} preserve={false}>
                <Form.Item label="来源" name="intakeSource" rules={[{ required: true }]}>
                  <Select options={options(INTAKE)} />
                </Form.Item>
                <Form.Item label="主要问题" name="presentingProblem" rules={[{ required: true, whitespace: true, message: '请填写接案时了解到的主要问题' }]}>
                  <Input.TextArea rows={4} maxLength={4000} />
                </Form.Item>
                {head && (
                  <Form.Item label="负责社工" name="workerId" extra="不选则由您本人负责">
                    <Select allowClear options={workers.map((u) => ({ value: u.id, label: u.displayName }))} />
                  </Form.Item>
                )}
              </Form>
            </Modal>
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
