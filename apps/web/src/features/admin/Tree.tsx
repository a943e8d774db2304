import { EditOutlined, PlusOutlined, RollbackOutlined, ShopOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { FunctionRoom, OrgLevel, StationStatus } from '../../gql/graphql';
import { request } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { FUNCTION_ROOM, ORG_LEVEL, STATION_STATUS, STATION_STATUS_COLOR } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { applyFieldErrors, DateInput, Loadable, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

const NODE = graphql(`
  query TreeNode($id: ID!) {
    orgUnit(id: $id) {
      id
      name
      code
      level
      parentId
      station {
        id
        name
        status
        address
        operatingAgency
        openedOn
        floorAreaM2
        functionRooms
      }
    }
    orgUnitChildren(parentId: $id, page: { limit: 100 }) {
      total
      items {
        id
        name
        code
        level
        station {
          id
          name
          status
          address
          operatingAgency
          openedOn
          floorAreaM2
          functionRooms
        }
      }
    }
  }
`);

const CREATE_NODE = graphql(`
  mutation CreateNode($input: CreateOrgUnitInput!) {
    createOrgUnit(input: $input) {
      id
      name
    }
  }
`);

const RENAME = graphql(`
  mutation RenameNode($id: ID!, $input: UpdateOrgUnitInput!) {
    updateOrgUnit(id: $id, input: $input) {
      id
      name
    }
  }
`);

const CREATE_STATION = graphql(`
  mutation CreateStation($orgUnitId: ID!, $input: StationInput!) {
    createStation(orgUnitId: $orgUnitId, input: $input) {
      id
    }
  }
`);

const UPDATE_STATION = graphql(`
  mutation UpdateStation($id: ID!, $input: StationInput!) {
    updateStation(id: $id, input: $input) {
      id
    }
  }
`);

const BELOW: Record<OrgLevel, OrgLevel | null> = { CITY: 'DISTRICT', DISTRICT: 'STREET', STREET: 'COMMUNITY', COMMUNITY: null };
const CODE_LENGTH: Record<OrgLevel, number> = { CITY: 6, DISTRICT: 6, STREET: 9, COMMUNITY: 12 };

interface StationRecord {
  id: string;
  name: string;
  status: StationStatus;
  address?: string | null;
  operatingAgency?: string | null;
  openedOn?: string | null;
  floorAreaM2?: number | null;
  functionRooms: FunctionRoom[];
}
interface NodeRecord {
  id: string;
  name: string;
  code: string;
  level: OrgLevel;
  station?: StationRecord | null;
}

interface StationValues {
  name: string;
  status: StationStatus;
  address?: string;
  operatingAgency?: string;
  openedOn?: string;
  floorAreaM2?: number | null;
  functionRooms: FunctionRoom[];
}

type Editing = { kind: 'add'; parent: NodeRecord } | { kind: 'rename'; node: NodeRecord } | { kind: 'station'; node: NodeRecord } | null;

const blank = (v?: string) => (v?.trim() ? v.trim() : null);
const stationInput = (v: StationValues) => ({
  name: v.name.trim(),
  status: v.status,
  address: blank(v.address),
  operatingAgency: blank(v.operatingAgency),
  openedOn: v.openedOn || null,
  floorAreaM2: v.floorAreaM2 ?? null,
  functionRooms: v.functionRooms ?? [],
});

/** The city's four-level tree, one node at a time: its children, adding and renaming nodes, stations and their details. */
export default function Tree() {
  const s = useSession();
  const { nodeId } = useParams();
  const id = nodeId ?? s.me.assignments.find((a) => a.role === 'CITY_ADMIN')?.orgUnitId ?? '';
  const q = useQuery(NODE, { id });
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Editing>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [form] = Form.useForm();
  useUnsavedChanges(dirty && !saving);

  const close = () => {
    setEditing(null);
    setDirty(false);
  };

  const save = async (v: Record<string, unknown>) => {
    if (!editing) return;
    setSaving(true);
    try {
      if (editing.kind === 'add') {
        const withStation = Boolean(v.withStation);
        await request(CREATE_NODE, {
          input: {
            parentId: editing.parent.id,
            code: String(v.code).trim(),
            name: String(v.name).trim(),
            ...(withStation ? { station: { name: String(v.stationName).trim(), status: 'ACTIVE' as StationStatus } } : {}),
          },
        });
        message.success(`已添加 ${String(v.name)}`);
      } else if (editing.kind === 'rename') {
        await request(RENAME, { id: editing.node.id, input: { name: String(v.name).trim() } });
        message.success('已更名');
      } else {
        const input = stationInput(v as unknown as StationValues);
        if (editing.node.station) await request(UPDATE_STATION, { id: editing.node.station.id, input });
        else await request(CREATE_STATION, { orgUnitId: editing.node.id, input });
        message.success('已保存站点信息');
      }
      close();
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e, { 'station.name': ['stationName'] })) message.error(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  const open = (e: Editing) => {
    form.resetFields();
    if (e?.kind === 'rename') form.setFieldsValue({ name: e.node.name });
    if (e?.kind === 'station') {
      const st = e.node.station;
      form.setFieldsValue(
        st
          ? { ...st, address: st.address ?? undefined, operatingAgency: st.operatingAgency ?? undefined, openedOn: st.openedOn ?? undefined }
          : { name: `${e.node.name}社会工作服务站`, status: 'ACTIVE', functionRooms: [] },
      );
    }
    if (e?.kind === 'add') form.setFieldsValue({ code: e.parent.level === 'CITY' ? e.parent.code.slice(0, 4) : e.parent.code, withStation: true });
    setEditing(e);
  };

  return (
    <div data-testid="tree">
      <Loadable {...q}>
        {() => {
          const node = q.data!.orgUnit;
          const below = BELOW[node.level];
          return (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <PageTitle
                title={
                  <span>
                    {node.name} <Tag>{ORG_LEVEL[node.level]}</Tag>
                  </span>
                }
                sub={`区划代码 ${node.code}`}
                extra={
                  <>
                    {node.parentId && (
                      <Link to={`/admin/tree/${node.parentId}`}>
                        <Button icon={<RollbackOutlined />}>上一级</Button>
                      </Link>
                    )}
                    <Button icon={<EditOutlined />} onClick={() => open({ kind: 'rename', node })}>
                      更名
                    </Button>
                    <Button icon={<ShopOutlined />} onClick={() => open({ kind: 'station', node })}>
                      {node.station ? '站点信息' : '设立站点'}
                    </Button>
                    {below && (
                      <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'add', parent: node })}>
                        添加{ORG_LEVEL[below]}
                      </Button>
                    )}
                  </>
                }
              />
              {node.station && (
                <Panel title="本级站点">
                  <Space wrap>
                    <b>{node.station.name}</b>
                    <Tag color={STATION_STATUS_COLOR[node.station.status]}>{STATION_STATUS[node.station.status]}</Tag>
                    <span>{node.station.operatingAgency ?? ''}</span>
                  </Space>
                </Panel>
              )}
              <Panel title={below ? `下级${ORG_LEVEL[below]}（${q.data!.orgUnitChildren.total}）` : '下级'}>
                <Table<NodeRecord>
                  rowKey="id"
                  pagination={false}
                  data-testid="tree-children"
                  dataSource={q.data!.orgUnitChildren.items}
                  scroll={{ x: 720 }}
                  columns={[
                    { title: '名称', dataIndex: 'name', render: (v: string, r) => (BELOW[r.level] ? <Link to={`/admin/tree/${r.id}`}>{v}</Link> : v) },
                    { title: '区划代码', dataIndex: 'code' },
                    {
                      title: '站点',
                      render: (_: unknown, r) =>
                        r.station ? (
                          <Space size={4}>
                            {r.station.name}
                            <Tag color={STATION_STATUS_COLOR[r.station.status]}>{STATION_STATUS[r.station.status]}</Tag>
                          </Space>
                        ) : (
                          '—'
                        ),
                    },
                    {
                      title: '操作',
                      render: (_: unknown, r) => (
                        <Space size={4} wrap>
                          <Button size="small" onClick={() => open({ kind: 'rename', node: r })} aria-label={`更名${r.name}`}>
                            更名
                          </Button>
                          <Button size="small" onClick={() => open({ kind: 'station', node: r })} aria-label={`${r.name}站点信息`}>
                            {r.station ? '站点信息' : '设立站点'}
                          </Button>
                        </Space>
                      ),
                    },
                  ]}
                />
              </Panel>
            </Space>
          );
        }}
      </Loadable>
      <Modal
        open={Boolean(editing)}
        title={
          editing?.kind === 'add'
            ? `在 ${editing.parent.name} 下添加${ORG_LEVEL[BELOW[editing.parent.level]!]}`
            : editing?.kind === 'rename'
              ? `更名：${editing.node.name}`
              : editing
                ? `站点信息：${editing.node.name}`
                : ''
        }
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={close}
        width={editing?.kind === 'station' ? 640 : 480}
        forceRender
      >
        <Form form={form} layout="vertical" requiredMark={false} onFinish={save} onValuesChange={() => setDirty(true)}>
          {editing?.kind === 'add' && (
            <>
              <Form.Item
                label="区划代码"
                name="code"
                rules={[
                  { required: true, message: '请填写区划代码' },
                  {
                    pattern: new RegExp(`^\\d{${CODE_LENGTH[BELOW[editing.parent.level]!]}}$`),
                    message: `${CODE_LENGTH[BELOW[editing.parent.level]!]} 位数字，以上级代码开头`,
                  },
                ]}
              >
                <Input />
              </Form.Item>
              <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
                <Input />
              </Form.Item>
              <Form.Item name="withStation" valuePropName="checked">
                <Checkbox>同时设立站点</Checkbox>
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.withStation !== b.withStation}>
                {({ getFieldValue }) =>
                  getFieldValue('withStation') && (
                    <Form.Item label="站点名称" name="stationName" rules={[{ required: true, message: '请填写站点名称' }]}>
                      <Input placeholder="例如 某某街道社会工作服务站" />
                    </Form.Item>
                  )
                }
              </Form.Item>
            </>
          )}
          {editing?.kind === 'rename' && (
            <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]} extra="区划代码和在组织树中的位置不变">
              <Input />
            </Form.Item>
          )}
          {editing?.kind === 'station' && (
            <>
              <Form.Item label="站点名称" name="name" rules={[{ required: true, message: '请填写站点名称' }]}>
                <Input />
              </Form.Item>
              <Space wrap>
                <Form.Item label="状态" name="status">
                  <Select
                    style={{ width: 140 }}
                    options={(Object.keys(STATION_STATUS) as StationStatus[]).map((k) => ({ value: k, label: STATION_STATUS[k] }))}
                  />
                </Form.Item>
                <Form.Item label="启用日期" name="openedOn">
                  <DateInput />
                </Form.Item>
                <Form.Item label="面积（平方米）" name="floorAreaM2">
                  <InputNumber min={0} max={100000} />
                </Form.Item>
              </Space>
              <Form.Item label="运营机构" name="operatingAgency">
                <Input />
              </Form.Item>
              <Form.Item label="地址" name="address">
                <Input />
              </Form.Item>
              <Form.Item label="功能室" name="functionRooms">
                <Checkbox.Group options={(Object.keys(FUNCTION_ROOM) as FunctionRoom[]).map((k) => ({ value: k, label: FUNCTION_ROOM[k] }))} />
              </Form.Item>
            </>
          )}
          <button type="submit" hidden aria-hidden="true" />
        </Form>
      </Modal>
    </div>
  );
}
