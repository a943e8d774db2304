import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { TenantStatus } from '../../gql/graphql';
import { request } from '../../lib/client';
import { formatDateTime } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { TENANT_STATUS } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { applyFieldErrors, Loadable, PageTitle, Panel } from '../common/ui';

const TENANTS = graphql(`
  query Tenants($offset: Int!) {
    tenants(page: { offset: $offset, limit: 50 }) {
      total
      items {
        id
        code
        name
        status
        timeZone
        createdAt
      }
    }
  }
`);

const CREATE = graphql(`
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) {
      id
      code
      name
    }
  }
`);

const SUSPEND = graphql(`
  mutation SuspendTenant($id: ID!) {
    suspendTenant(id: $id) {
      id
      status
    }
  }
`);

const REACTIVATE = graphql(`
  mutation ReactivateTenant($id: ID!) {
    reactivateTenant(id: $id) {
      id
      status
    }
  }
`);

interface Values {
  name: string;
  code: string;
  cityCode: string;
  timeZone: string;
  adminUsername: string;
  adminDisplayName: string;
  adminPassword: string;
}

/** The platform operator's cities: create one with its first admin, suspend, reactivate. */
export default function Tenants() {
  const [page, setPage] = useState(1);
  const q = useQuery(TENANTS, { offset: (page - 1) * 50 });
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();

  const create = async (v: Values) => {
    setSaving(true);
    try {
      const { createTenant } = await request(CREATE, {
        input: {
          name: v.name.trim(),
          code: v.code.trim(),
          cityCode: v.cityCode.trim(),
          timeZone: v.timeZone.trim() || 'Asia/Shanghai',
          admin: { username: v.adminUsername.trim(), displayName: v.adminDisplayName.trim(), password: v.adminPassword },
        },
      });
      message.success(`已创建城市 ${createTenant.name}（${createTenant.code}）`);
      setOpen(false);
      form.resetFields();
      await q.refetch();
    } catch (e) {
      const mapped = applyFieldErrors(form, e, {
        'admin.username': ['adminUsername'],
        'admin.displayName': ['adminDisplayName'],
        'admin.password': ['adminPassword'],
        username: ['adminUsername'],
        password: ['adminPassword'],
      });
      if (!mapped) message.error(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  const toggle = (t: { id: string; name: string; status: TenantStatus }) => {
    const suspend = t.status === 'ACTIVE';
    modal.confirm({
      title: suspend ? `停用 ${t.name}？` : `恢复 ${t.name}？`,
      content: suspend ? '停用后该城市所有用户不能登录，已登录的立即失效。' : '恢复后该城市用户可以重新登录。',
      okText: suspend ? '停用' : '恢复',
      okButtonProps: { danger: suspend },
      cancelText: '取消',
      onOk: async () => {
        try {
          if (suspend) await request(SUSPEND, { id: t.id });
          else await request(REACTIVATE, { id: t.id });
          message.success(suspend ? `已停用 ${t.name}` : `已恢复 ${t.name}`);
          await q.refetch();
        } catch (e) {
          message.error(describeError(e));
        }
      },
    });
  };

  return (
    <div data-testid="tenants">
      <PageTitle
        title="城市管理"
        sub="每个城市是平台的一个租户；运营方看不到城市内部的数据"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新建城市
          </Button>
        }
      />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table
              rowKey="id"
              dataSource={q.data!.tenants.items}
              pagination={{ total: q.data!.tenants.total, pageSize: 50, current: page, onChange: setPage }}
              columns={[
                { title: '城市', dataIndex: 'name' },
                { title: '城市代码', dataIndex: 'code' },
                { title: '时区', dataIndex: 'timeZone' },
                { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
                { title: '状态', dataIndex: 'status', render: (v: TenantStatus) => <Tag color={v === 'ACTIVE' ? 'green' : 'red'}>{TENANT_STATUS[v]}</Tag> },
                {
                  title: '操作',
                  render: (_: unknown, t) => (
                    <Button
                      size="small"
                      danger={t.status === 'ACTIVE'}
                      onClick={() => toggle(t)}
                      aria-label={`${t.status === 'ACTIVE' ? '停用' : '恢复'}${t.name}`}
                    >
                      {t.status === 'ACTIVE' ? '停用' : '恢复'}
                    </Button>
                  ),
                },
              ]}
            />
          </Panel>
        )}
      </Loadable>
      <Modal
        open={open}
        title="新建城市"
        okText="创建"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={create} initialValues={{ timeZone: 'Asia/Shanghai' }}>
          <Form.Item label="城市名称" name="name" rules={[{ required: true, message: '请填写城市名称，例如 济南市' }]}>
            <Input placeholder="例如 济南市" />
          </Form.Item>
          <Space wrap>
            <Form.Item
              label="城市代码"
              name="code"
              rules={[{ required: true, message: '请填写登录用的城市代码' }]}
              extra="登录时填写，2–32 位小写字母、数字或 -"
            >
              <Input placeholder="例如 jinan" />
            </Form.Item>
            <Form.Item label="行政区划代码" name="cityCode" rules={[{ required: true, pattern: /^\d{4}00$/, message: '6 位数字，以 00 结尾' }]}>
              <Input placeholder="例如 370100" />
            </Form.Item>
          </Space>
          <Form.Item label="时区" name="timeZone">
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item label="管理员用户名" name="adminUsername" rules={[{ required: true, message: '请填写管理员用户名' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item label="管理员姓名" name="adminDisplayName" rules={[{ required: true, message: '请填写管理员姓名' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Space>
          <Form.Item label="管理员初始密码" name="adminPassword" rules={[{ required: true, message: '请设置初始密码' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" />
        </Form>
      </Modal>
    </div>
  );
}
