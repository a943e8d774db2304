import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { request } from '../../lib/client';
import { formatDateTime } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { ORG_LEVEL, ROLE } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { applyFieldErrors, Loadable, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

const USERS = graphql(`
  query AdminUsers($search: String, $offset: Int!) {
    users(filter: { search: $search }, page: { offset: $offset, limit: 50 }) {
      total
      items {
        id
        username
        displayName
        phone
        disabled
        lastLoginAt
        orgUnitId
        assignments {
          id
          role
          orgUnitId
          orgUnitName
        }
      }
    }
  }
`);

const NODES = graphql(`
  query NodeSearch($search: String) {
    orgUnits(filter: { search: $search }, page: { limit: 30 }) {
      items {
        id
        name
        code
        level
      }
    }
  }
`);

const CREATE_USER = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      username
    }
  }
`);

const GRANT = graphql(`
  mutation GrantRole($input: GrantRoleInput!) {
    grantRole(input: $input) {
      id
    }
  }
`);

const REVOKE = graphql(`
  mutation RevokeRole($id: ID!) {
    revokeRole(id: $id) {
      id
    }
  }
`);

const DISABLE = graphql(`
  mutation DisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      disabled
    }
  }
`);

const ENABLE = graphql(`
  mutation EnableUser($id: ID!) {
    enableUser(id: $id) {
      id
      disabled
    }
  }
`);

const RESET = graphql(`
  mutation ResetPassword($id: ID!, $password: String!) {
    resetUserPassword(id: $id, password: $password) {
      id
    }
  }
`);

/** The roles a city admin grants inside the city (the operator's is not a city's). */
const CITY_ROLES = (Object.keys(ROLE) as Role[]).filter((r) => r !== 'PLATFORM_ADMIN');

/** A node of the city, found by name or the start of its code. */
export function NodePicker({ value, onChange, id, ...rest }: { value?: string; onChange?: (v: string) => void; id?: string; 'aria-label'?: string }) {
  const [search, setSearch] = useState<string>();
  const [debounced, setDebounced] = useState<string>();
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(t);
  }, [search]);
  const q = useQuery(NODES, { search: debounced || null });
  return (
    <Select
      id={id}
      showSearch
      filterOption={false}
      value={value}
      onChange={onChange}
      onSearch={setSearch}
      placeholder="输入名称或区划代码查找"
      loading={q.loading}
      options={(q.data?.orgUnits.items ?? []).map((n) => ({ value: n.id, label: `${n.name}（${ORG_LEVEL[n.level]} ${n.code}）` }))}
      {...rest}
    />
  );
}

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  phone?: string | null;
  disabled: boolean;
  lastLoginAt?: string | null;
  orgUnitId: string;
  assignments: { id: string; role: Role; orgUnitId: string; orgUnitName: string }[];
}

type Dialog = { kind: 'create' } | { kind: 'grant'; user: UserRow } | { kind: 'reset'; user: UserRow } | null;

/** Accounts of the city and their role grants: create, grant, revoke, disable, enable, reset a password. */
export default function Users() {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const q = useQuery(USERS, { search: search || null, offset: (page - 1) * 50 });
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [form] = Form.useForm();
  useUnsavedChanges(dirty && !saving);

  const open = (d: Dialog) => {
    form.resetFields();
    setDirty(false);
    setDialog(d);
  };
  const close = () => {
    setDialog(null);
    setDirty(false);
  };

  const save = async (v: Record<string, string>) => {
    if (!dialog) return;
    setSaving(true);
    try {
      if (dialog.kind === 'create') {
        await request(CREATE_USER, {
          input: {
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            password: v.password,
            phone: v.phone?.trim() || null,
            orgUnitId: v.orgUnitId,
            role: (v.role as Role) || null,
          },
        });
        message.success(`已创建账号 ${v.username.trim()}`);
      } else if (dialog.kind === 'grant') {
        await request(GRANT, { input: { userId: dialog.user.id, orgUnitId: v.orgUnitId, role: v.role as Role } });
        message.success(`已授予 ${dialog.user.username} ${ROLE[v.role as Role]}`);
      } else {
        await request(RESET, { id: dialog.user.id, password: v.password });
        message.success(`已重置 ${dialog.user.username} 的密码`);
      }
      close();
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  const act = async (label: string, run: () => Promise<unknown>) => {
    try {
      await run();
      message.success(label);
      await q.refetch();
    } catch (e) {
      message.error(describeError(e));
    }
  };

  return (
    <div data-testid="users">
      <PageTitle
        title="账号与角色"
        extra={
          <>
            <Input.Search
              placeholder="用户名或姓名"
              allowClear
              aria-label="查找账号"
              onSearch={(v) => {
                setPage(1);
                setSearch(v.trim());
              }}
              style={{ width: 220 }}
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'create' })}>
              新建账号
            </Button>
          </>
        }
      />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Table<UserRow>
              rowKey="id"
              dataSource={q.data!.users.items}
              pagination={{ total: q.data!.users.total, pageSize: 50, current: page, onChange: setPage }}
              scroll={{ x: 960 }}
              columns={[
                { title: '用户名', dataIndex: 'username' },
                { title: '姓名', dataIndex: 'displayName' },
                { title: '电话', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
                {
                  title: '角色',
                  dataIndex: 'assignments',
                  render: (as: UserRow['assignments'], u) => (
                    <Space size={4} wrap>
                      {as.map((a) => (
                        <Tag
                          key={a.id}
                          closable
                          onClose={(e) => {
                            e.preventDefault();
                            modal.confirm({
                              title: `撤销 ${u.username} 在 ${a.orgUnitName} 的${ROLE[a.role]}角色？`,
                              okText: '撤销',
                              okButtonProps: { danger: true },
                              cancelText: '取消',
                              onOk: () => act('已撤销角色', () => request(REVOKE, { id: a.id })),
                            });
                          }}
                        >
                          {ROLE[a.role]} · {a.orgUnitName}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                { title: '最近登录', dataIndex: 'lastLoginAt', render: (v: string | null) => formatDateTime(v) },
                { title: '状态', dataIndex: 'disabled', render: (v: boolean) => (v ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>) },
                {
                  title: '操作',
                  render: (_: unknown, u) => (
                    <Space size={4} wrap>
                      <Button size="small" onClick={() => open({ kind: 'grant', user: u })}>
                        授予角色
                      </Button>
                      <Button size="small" onClick={() => open({ kind: 'reset', user: u })}>
                        重置密码
                      </Button>
                      {u.disabled ? (
                        <Button size="small" onClick={() => act(`已启用 ${u.username}`, () => request(ENABLE, { id: u.id }))}>
                          启用
                        </Button>
                      ) : (
                        <Button size="small" danger onClick={() => act(`已停用 ${u.username}`, () => request(DISABLE, { id: u.id }))}>
                          停用
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Panel>
        )}
      </Loadable>
      <Modal
        open={Boolean(dialog)}
        title={
          dialog?.kind === 'create'
            ? '新建账号'
            : dialog?.kind === 'grant'
              ? `授予角色：${dialog.user.username}`
              : dialog
                ? `重置密码：${dialog.user.username}`
                : ''
        }
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={close}
        forceRender
      >
        <Form form={form} layout="vertical" requiredMark={false} onFinish={save} onValuesChange={() => setDirty(true)}>
          {dialog?.kind === 'create' && (
            <>
              <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]} extra="3–64 位小写字母、数字或 _ . -">
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item label="联系电话" name="phone">
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item label="初始密码" name="password" rules={[{ required: true, message: '请设置初始密码' }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'grant') && (
            <>
              <Form.Item label="所属节点" name="orgUnitId" rules={[{ required: true, message: '请选择节点' }]}>
                <NodePicker />
              </Form.Item>
              <Form.Item label="角色" name="role" rules={dialog.kind === 'grant' ? [{ required: true, message: '请选择角色' }] : []}>
                <Select allowClear options={CITY_ROLES.map((r) => ({ value: r, label: ROLE[r] }))} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'reset' && (
            <Form.Item label="新密码" name="password" rules={[{ required: true, message: '请填写新密码' }]} extra="重置后该账号的登录立即失效">
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <button type="submit" hidden aria-hidden="true" />
        </Form>
      </Modal>
    </div>
  );
}
