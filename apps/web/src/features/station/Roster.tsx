import { App, Button, Col, Form, Input, Modal, Radio, Row, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Table } from '../common/Table';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { CertificateLevel, EmploymentType, Gender, StaffPosition } from '../../gql/graphql';
import { request } from '../../lib/client';
import { today } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { fromIdNumber, idNumberRule, normaliseIdentityNumber } from '../../lib/idNumber';
import { CERT_LEVEL, EMPLOYMENT, GENDER, options, POSITION } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { applyFieldErrors, DateInput, Loadable, Masked, PageTitle, Panel } from '../common/ui';
import { ComplianceBanner } from '../common/ComplianceBanner';

/** The roster on today with each person's certificates, and whether the station meets the city's staffing rule. */
const ROSTER = graphql(`
  query Roster($node: ID!, $stationId: ID!, $on: Date!) {
    compliance: stationStaffingCompliance(stationId: $stationId) {
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
    staffMembers(filter: { rootId: $node, activeOn: $on }, page: { limit: 100 }) {
      total
      items {
        id
        name
        gender
        idNumber
        phone
        position
        employmentType
        startDate
        education
        certificates {
          id
          level
          number
          issuedOn
          expiresOn
        }
      }
    }
  }
`);

const ADD = graphql(`
  mutation AddStaffMember($input: AddStaffMemberInput!) {
    addStaffMember(input: $input) {
      id
    }
  }
`);

const END = graphql(`
  mutation EndStaffMember($id: ID!, $input: EndStaffMemberInput!) {
    endStaffMember(id: $id, input: $input) {
      id
    }
  }
`);

const CERTIFY = graphql(`
  mutation AddCertificate($staffId: ID!, $input: CertificateInput!) {
    addCertificate(staffId: $staffId, input: $input) {
      id
    }
  }
`);

interface AddValues {
  name: string;
  idNumber: string;
  gender: Gender;
  phone?: string;
  position: StaffPosition;
  employmentType: EmploymentType;
  startDate: string;
}
interface EndValues {
  endDate: string;
  reason?: string;
}
interface CertificateValues {
  level: CertificateLevel;
  number: string;
  issuedOn: string;
  expiresOn?: string;
}
interface Member {
  id: string;
  name: string;
}

export default function Roster() {
  const s = useSession();
  const { message } = App.useApp();
  const q = useQuery(ROSTER, { node: s.station?.orgUnitId ?? '', stationId: s.station?.id ?? '', on: today() }, { skip: !s.station });
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Member | null>(null);
  const [certifying, setCertifying] = useState<Member | null>(null);
  const [addForm] = Form.useForm<AddValues>();
  const [endForm] = Form.useForm<EndValues>();
  const [certForm] = Form.useForm<CertificateValues>();
  const canAdd = s.can('create', 'StaffMember');
  const canUpdate = s.can('update', 'StaffMember');

  /** Runs a change; on success closes its dialog and reloads the roster and the compliance banner. */
  const save = async (form: typeof addForm | typeof endForm | typeof certForm, change: () => Promise<unknown>, done: string, close: () => void) => {
    try {
      await change();
      message.success(done);
      close();
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    }
  };
  const add = async () => {
    const v = await addForm.validateFields();
    await save(
      addForm,
      () =>
        request(ADD, {
          input: {
            stationId: s.station!.id,
            name: v.name.trim(),
            idNumber: normaliseIdentityNumber(v.idNumber),
            gender: v.gender,
            phone: v.phone?.trim() || null,
            position: v.position,
            employmentType: v.employmentType,
            startDate: v.startDate,
          },
        }),
      `已登记 ${v.name.trim()}`,
      () => setAdding(false),
    );
  };
  const end = async () => {
    const v = await endForm.validateFields();
    await save(
      endForm,
      () => request(END, { id: ending!.id, input: { endDate: v.endDate, reason: v.reason?.trim() || null } }),
      `${ending!.name} 已离岗`,
      () => setEnding(null),
    );
  };
  const certify = async () => {
    const v = await certForm.validateFields();
    await save(
      certForm,
      () =>
        request(CERTIFY, { staffId: certifying!.id, input: { level: v.level, number: v.number.trim(), issuedOn: v.issuedOn, expiresOn: v.expiresOn || null } }),
      `已为 ${certifying!.name} 添加证书`,
      () => setCertifying(null),
    );
  };

  return (
    <div data-testid="roster">
      <PageTitle
        title="人员与持证"
        sub={s.station?.name}
        extra={
          canAdd && (
            <Button type="primary" onClick={() => setAdding(true)}>
              登记人员
            </Button>
          )
        }
      />
      <Loadable {...q}>
        {() => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <ComplianceBanner c={q.data!.compliance} />
            <Panel title={`在岗人员（${q.data!.staffMembers.total}）`}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={q.data!.staffMembers.items}
                scroll={{ x: 820 }}
                columns={[
                  { title: '姓名', dataIndex: 'name' },
                  { title: '性别', dataIndex: 'gender', render: (v: keyof typeof GENDER) => GENDER[v] },
                  { title: '岗位', dataIndex: 'position', render: (v: keyof typeof POSITION) => POSITION[v] },
                  { title: '用工', dataIndex: 'employmentType', render: (v: keyof typeof EMPLOYMENT) => EMPLOYMENT[v] },
                  { title: '身份证号', dataIndex: 'idNumber', render: (v: string | null) => <Masked value={v} /> },
                  { title: '入职', dataIndex: 'startDate' },
                  {
                    title: '持证',
                    dataIndex: 'certificates',
                    render: (cs: { id: string; level: CertificateLevel; number: string | null; expiresOn: string | null }[]) =>
                      cs.length ? (
                        cs.map((c) => (
                          <Tag key={c.id} color={c.expiresOn && c.expiresOn < today() ? 'red' : 'green'}>
                            {CERT_LEVEL[c.level]}
                            {c.number ? ` ${c.number}` : ''}
                            {c.expiresOn ? `（至 ${c.expiresOn}）` : ''}
                          </Tag>
                        ))
                      ) : (
                        <Tag>未持证</Tag>
                      ),
                  },
                  ...(canUpdate
                    ? [
                        {
                          title: '操作',
                          render: (_: unknown, m: Member) => (
                            <Space size={4}>
                              <Button size="small" onClick={() => setCertifying(m)}>
                                添加证书
                              </Button>
                              <Button size="small" danger onClick={() => setEnding(m)}>
                                离岗
                              </Button>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Panel>
          </Space>
        )}
      </Loadable>
      <Modal open={adding} title="登记人员" okText="登记" cancelText="取消" onOk={add} onCancel={() => setAdding(false)} destroyOnClose width={600}>
        <Form<AddValues>
          name="staff"
          form={addForm}
          layout="vertical"
          preserve={false}
          initialValues={{ gender: 'FEMALE', position: 'SOCIAL_WORKER', employmentType: 'FULL_TIME', startDate: today() }}
          onValuesChange={(c: Partial<AddValues>) => {
            const d = c.idNumber && fromIdNumber(c.idNumber);
            if (d) addForm.setFieldsValue({ gender: d.gender });
          }}
        >
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="身份证号" name="idNumber" rules={[idNumberRule]} validateTrigger="onBlur">
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item label="性别" name="gender" rules={[{ required: true }]}>
                <Radio.Group options={options(GENDER)} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item label="入职日期" name="startDate" rules={[{ required: true, message: '请选择入职日期' }]}>
                <DateInput max={today()} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item label="岗位" name="position" rules={[{ required: true }]}>
                <Select options={options(POSITION)} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item label="用工" name="employmentType" rules={[{ required: true }]}>
                <Radio.Group options={options(EMPLOYMENT)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="联系电话" name="phone">
                <Input maxLength={20} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      <Modal
        open={Boolean(ending)}
        title={`离岗：${ending?.name ?? ''}`}
        okText="确认离岗"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        onOk={end}
        onCancel={() => setEnding(null)}
        destroyOnClose
      >
        <Form<EndValues> name="end" form={endForm} layout="vertical" preserve={false} initialValues={{ endDate: today() }}>
          <Form.Item label="最后在岗日" name="endDate" rules={[{ required: true, message: '请选择日期' }]}>
            <DateInput />
          </Form.Item>
          <Form.Item label="离岗原因" name="reason">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(certifying)}
        title={`添加证书：${certifying?.name ?? ''}`}
        okText="保存"
        cancelText="取消"
        onOk={certify}
        onCancel={() => setCertifying(null)}
        destroyOnClose
      >
        <Form<CertificateValues> name="certificate" form={certForm} layout="vertical" preserve={false} initialValues={{ level: 'ASSISTANT_SOCIAL_WORKER' }}>
          <Form.Item label="等级" name="level" rules={[{ required: true }]}>
            <Select options={options(CERT_LEVEL)} />
          </Form.Item>
          <Form.Item label="证书编号" name="number" rules={[{ required: true, whitespace: true, message: '请输入证书编号' }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label="发证日期" name="issuedOn" rules={[{ required: true, message: '请选择发证日期' }]}>
            <DateInput max={today()} />
          </Form.Item>
          <Form.Item label="有效期至" name="expiresOn">
            <DateInput />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
