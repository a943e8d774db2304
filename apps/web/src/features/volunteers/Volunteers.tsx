import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { Gender } from '../../gql/graphql';
import { request } from '../../lib/client';
import { today } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { fromIdNumber, idNumberRule, normaliseIdentityNumber } from '../../lib/idNumber';
import { GENDER, options } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { applyFieldErrors, DateInput, Loadable, Masked, PageTitle, Panel } from '../common/ui';

const VOLUNTEERS = graphql(`
  query Volunteers($offset: Int!, $search: String) {
    volunteers(filter: { search: $search }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        name
        gender
        idNumber
        phone
        registeredOn
        skills
        status
        hours
        developerId
      }
    }
  }
`);

const REGISTER = graphql(`
  mutation RegisterVolunteer($input: RegisterVolunteerInput!) {
    registerVolunteer(input: $input) {
      id
    }
  }
`);
const HOURS = graphql(`
  mutation RecordHours($input: VolunteerServiceInput!) {
    recordVolunteerService(input: $input) {
      id
    }
  }
`);

interface RegisterValues {
  name: string;
  idNumber: string;
  gender: Gender;
  phone?: string;
  registeredOn: string;
  skills: string[];
  availability?: string;
}

interface HourValues {
  serviceDate: string;
  hours: number;
  description?: string;
}

export default function Volunteers() {
  const s = useSession();
  const { message } = App.useApp();
  const [offset, setOffset] = useState(0);
  const [search, setSearch] = useState('');
  const [registering, setRegistering] = useState(false);
  const [logging, setLogging] = useState<{ id: string; name: string } | null>(null);
  const [form] = Form.useForm<RegisterValues>();
  const [hoursForm] = Form.useForm<HourValues>();
  const q = useQuery(VOLUNTEERS, { offset, search: search.trim() || null });
  const developer = s.roles.has('SOCIAL_WORKER');

  const register = async () => {
    const v = await form.validateFields();
    try {
      await request(REGISTER, {
        input: {
          stationId: s.station!.id,
          nodeId: s.station!.orgUnitId,
          name: v.name.trim(),
          idNumber: normaliseIdentityNumber(v.idNumber),
          gender: v.gender,
          phone: v.phone?.trim() || null,
          registeredOn: v.registeredOn,
          skills: v.skills ?? [],
          availability: v.availability?.trim() || null,
          developerId: developer ? s.me.id : null,
        },
      });
      message.success('已登记志愿者');
      setRegistering(false);
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    }
  };

  const logHours = async () => {
    const v = await hoursForm.validateFields();
    try {
      await request(HOURS, {
        input: {
          volunteerId: logging!.id,
          serviceDate: v.serviceDate,
          hours: String(v.hours),
          source: 'STANDALONE',
          description: v.description?.trim() || null,
        },
      });
      message.success(`已记录 ${logging!.name} 的服务时长`);
      setLogging(null);
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(hoursForm, e)) message.error(describeError(e));
    }
  };

  return (
    <div data-testid="volunteers">
      <PageTitle
        title="志愿者"
        sub="实名登记，记录服务时长"
        extra={
          s.can('create', 'Volunteer') &&
          s.station && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
              登记志愿者
            </Button>
          )
        }
      />
      <Panel>
        <Input.Search
          placeholder="按姓名查找"
          allowClear
          onSearch={(v) => {
            setSearch(v);
            setOffset(0);
          }}
          style={{ width: 240, marginBottom: 12 }}
          aria-label="查找志愿者"
        />
        <Loadable {...q}>
          {() => (
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.volunteers.items}
              scroll={{ x: 720 }}
              pagination={{
                total: q.data!.volunteers.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
              }}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                { title: '性别', dataIndex: 'gender', render: (v: Gender) => GENDER[v] },
                { title: '身份证号', dataIndex: 'idNumber', render: (v: string | null) => <Masked value={v} /> },
                { title: '电话', dataIndex: 'phone', render: (v) => v ?? '—' },
                { title: '技能', dataIndex: 'skills', render: (xs: string[]) => xs.map((x) => <Tag key={x}>{x}</Tag>) },
                { title: '累计时长', dataIndex: 'hours', render: (h: string) => `${h} 小时` },
                { title: '状态', dataIndex: 'status', render: (v: string) => (v === 'ACTIVE' ? <Tag color="green">在册</Tag> : <Tag>不活跃</Tag>) },
                {
                  title: '',
                  render: (_, r) =>
                    s.can('create', 'Volunteer') && (
                      <Button size="small" onClick={() => setLogging({ id: r.id, name: r.name })}>
                        记录时长
                      </Button>
                    ),
                },
              ]}
            />
          )}
        </Loadable>
      </Panel>
      <Modal
        open={registering}
        title="登记志愿者"
        okText="登记"
        cancelText="取消"
        onOk={register}
        onCancel={() => setRegistering(false)}
        destroyOnClose
        width={600}
      >
        <Form<RegisterValues>
          name="volunteer"
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ gender: 'FEMALE', registeredOn: today(), skills: [] }}
          onValuesChange={(c: Partial<RegisterValues>) => {
            const d = c.idNumber && fromIdNumber(c.idNumber);
            if (d) form.setFieldsValue({ gender: d.gender });
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
              <Form.Item label="登记日期" name="registeredOn" rules={[{ required: true }]}>
                <DateInput max={today()} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="联系电话" name="phone">
                <Input maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="可服务时间" name="availability">
                <Input maxLength={200} placeholder="如：周末上午" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="技能" name="skills" extra="输入后按回车">
            <Select mode="tags" open={false} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(logging)}
        title={`记录服务时长：${logging?.name ?? ''}`}
        okText="保存"
        cancelText="取消"
        onOk={logHours}
        onCancel={() => setLogging(null)}
        destroyOnClose
      >
        <Form<HourValues> name="hours" form={hoursForm} layout="vertical" preserve={false} initialValues={{ serviceDate: today(), hours: 2 }}>
          <Form.Item label="服务日期" name="serviceDate" rules={[{ required: true }]}>
            <DateInput max={today()} />
          </Form.Item>
          <Form.Item label="时长（小时）" name="hours" rules={[{ required: true }]}>
            <InputNumber min={0.5} max={24} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="服务内容" name="description">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
