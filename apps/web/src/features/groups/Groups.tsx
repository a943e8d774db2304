import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { GroupStage } from '../../gql/graphql';
import { request } from '../../lib/client';
import { dayjs, today } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { GROUP_STAGE } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { catalogOptions } from '../common/catalog';
import { applyFieldErrors, DateInput, Loadable, PageTitle, Panel } from '../common/ui';

const GROUPS = graphql(`
  query Groups($offset: Int!) {
    groups(page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        name
        stage
        startDate
        endDate
        plannedSessions
        personTimes
        sessions {
          id
          voidedAt
        }
        members {
          id
        }
      }
    }
    serviceCatalog {
      id
      name
      items {
        id
        name
        active
      }
    }
  }
`);

const CREATE = graphql(`
  mutation CreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      id
    }
  }
`);

interface Values {
  name: string;
  goal: string;
  targetPopulation?: string;
  plannedSessions: number;
  startDate: string;
  endDate: string;
  catalogItemId?: string;
}

export default function Groups() {
  const s = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<Values>();
  const q = useQuery(GROUPS, { offset });

  const create = async () => {
    const v = await form.validateFields();
    try {
      const res = await request(CREATE, {
        input: {
          stationId: s.station!.id,
          name: v.name.trim(),
          goal: v.goal.trim(),
          targetPopulation: v.targetPopulation?.trim() || null,
          plannedSessions: v.plannedSessions,
          startDate: v.startDate,
          endDate: v.endDate,
          catalogItemId: v.catalogItemId ?? null,
          facilitatorIds: [s.me.id],
        },
      });
      message.success('已创建小组');
      navigate(`/groups/${res.createGroup.id}`);
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    }
  };

  return (
    <div data-testid="groups">
      <PageTitle
        title="小组"
        sub="小组工作：组员、节次与出席"
        extra={
          s.can('create', 'Activity') &&
          s.station && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建小组
            </Button>
          )
        }
      />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table
              size="small"
              rowKey="id"
              dataSource={q.data!.groups.items}
              scroll={{ x: 640 }}
              pagination={{
                total: q.data!.groups.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
              }}
              columns={[
                { title: '小组', dataIndex: 'name', render: (v: string, r) => <Link to={`/groups/${r.id}`}>{v}</Link> },
                { title: '阶段', dataIndex: 'stage', render: (v: GroupStage) => <Tag>{GROUP_STAGE[v]}</Tag> },
                { title: '周期', render: (_, r) => `${r.startDate} 至 ${r.endDate}` },
                { title: '节次', render: (_, r) => `${r.sessions.filter((x) => !x.voidedAt).length} / ${r.plannedSessions}` },
                { title: '组员', render: (_, r) => r.members.length },
                { title: '出席人次', dataIndex: 'personTimes' },
              ]}
            />
          </Panel>
        )}
      </Loadable>
      <Modal open={creating} title="新建小组" okText="创建" cancelText="取消" onOk={create} onCancel={() => setCreating(false)} destroyOnClose width={640}>
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ plannedSessions: 6, startDate: today(), endDate: dayjs(today()).add(2, 'month').format('YYYY-MM-DD') }}
        >
          <Form.Item label="小组名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写小组名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="小组目标" name="goal" rules={[{ required: true, whitespace: true, message: '请填写小组目标' }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item label="服务对象群体" name="targetPopulation">
                <Input maxLength={200} placeholder="如：社区独居老人" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="计划节次" name="plannedSessions" rules={[{ required: true }]}>
                <InputNumber min={1} max={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item label="开始日期" name="startDate" rules={[{ required: true, message: '请选择开始日期' }]}>
                <DateInput />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item label="结束日期" name="endDate" rules={[{ required: true, message: '请选择结束日期' }]}>
                <DateInput />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="服务项目" name="catalogItemId">
            <Select allowClear showSearch optionFilterProp="label" options={catalogOptions(q.data?.serviceCatalog ?? [])} placeholder="从本市服务目录中选择" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
