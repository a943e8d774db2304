import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import { request } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { applyFieldErrors, Loadable, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

const CATALOG = graphql(`
  query AdminCatalog {
    serviceCatalog {
      id
      code
      name
      items {
        id
        code
        name
        active
        fieldId
      }
    }
  }
`);

const ADD_FIELD = graphql(`
  mutation AddCatalogField($input: CatalogFieldInput!) {
    addCatalogField(input: $input) {
      id
    }
  }
`);

const ADD_ITEM = graphql(`
  mutation AddCatalogItem($input: CatalogItemInput!) {
    addCatalogItem(input: $input) {
      id
    }
  }
`);

const UPDATE_ITEM = graphql(`
  mutation UpdateCatalogItem($id: ID!, $input: CatalogItemUpdateInput!) {
    updateCatalogItem(id: $id, input: $input) {
      id
      name
      active
    }
  }
`);

interface Item {
  id: string;
  code: string;
  name: string;
  active: boolean;
  fieldId: string;
}

type Dialog = { kind: 'field' } | { kind: 'item'; fieldId: string; fieldName: string } | { kind: 'rename'; item: Item } | null;

/** The city's service catalogue: fields (领域) and their items (项目); a retired item stays on old records. */
export default function Catalog() {
  const q = useQuery(CATALOG, {});
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [form] = Form.useForm();
  useUnsavedChanges(dirty && !saving);

  const open = (d: Dialog) => {
    form.resetFields();
    if (d?.kind === 'rename') form.setFieldsValue({ name: d.item.name });
    setDirty(false);
    setDialog(d);
  };

  const save = async (v: { code?: string; name: string }) => {
    if (!dialog) return;
    setSaving(true);
    try {
      if (dialog.kind === 'field') await request(ADD_FIELD, { input: { code: v.code!.trim().toUpperCase(), name: v.name.trim() } });
      else if (dialog.kind === 'item') await request(ADD_ITEM, { input: { fieldId: dialog.fieldId, code: v.code!.trim().toUpperCase(), name: v.name.trim() } });
      else await request(UPDATE_ITEM, { id: dialog.item.id, input: { name: v.name.trim(), active: dialog.item.active } });
      message.success('已保存');
      setDialog(null);
      setDirty(false);
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  const toggle = async (item: Item) => {
    try {
      await request(UPDATE_ITEM, { id: item.id, input: { name: item.name, active: !item.active } });
      message.success(item.active ? `已停用 ${item.name}` : `已启用 ${item.name}`);
      await q.refetch();
    } catch (e) {
      message.error(describeError(e));
    }
  };

  return (
    <div data-testid="catalog">
      <PageTitle
        title="服务目录"
        sub="服务领域与服务项目；活动和个案服务按项目归类"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'field' })}>
            添加领域
          </Button>
        }
      />
      <Loadable {...q}>
        {() => (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {q.data!.serviceCatalog.map((f) => (
              <Panel
                key={f.id}
                title={`${f.name}（${f.code}）`}
                extra={
                  <Button size="small" icon={<PlusOutlined />} onClick={() => open({ kind: 'item', fieldId: f.id, fieldName: f.name })}>
                    添加项目
                  </Button>
                }
              >
                <Table<Item>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={f.items}
                  columns={[
                    { title: '项目', dataIndex: 'name' },
                    { title: '代码', dataIndex: 'code' },
                    { title: '状态', dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>) },
                    {
                      title: '操作',
                      render: (_: unknown, i) => (
                        <Space size={4}>
                          <Button size="small" onClick={() => open({ kind: 'rename', item: i })}>
                            更名
                          </Button>
                          <Button size="small" onClick={() => toggle(i)}>
                            {i.active ? '停用' : '启用'}
                          </Button>
                        </Space>
                      ),
                    },
                  ]}
                />
              </Panel>
            ))}
          </Space>
        )}
      </Loadable>
      <Modal
        open={Boolean(dialog)}
        title={dialog?.kind === 'field' ? '添加服务领域' : dialog?.kind === 'item' ? `在 ${dialog.fieldName} 下添加项目` : dialog ? '项目更名' : ''}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => {
          setDialog(null);
          setDirty(false);
        }}
        forceRender
      >
        <Form form={form} layout="vertical" requiredMark={false} onFinish={save} onValuesChange={() => setDirty(true)}>
          {dialog && dialog.kind !== 'rename' && (
            <Form.Item label="代码" name="code" rules={[{ required: true, pattern: /^[A-Za-z0-9_]{1,20}$/, message: '1–20 位字母、数字或 _' }]}>
              <Input />
            </Form.Item>
          )}
          <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
            <Input />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" />
        </Form>
      </Modal>
    </div>
  );
}
