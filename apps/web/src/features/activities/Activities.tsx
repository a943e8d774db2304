import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Tag } from 'antd';
import { Table } from '../common/Table';
import { useState } from 'react';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import { request } from '../../lib/client';
import { today } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { useQuery } from '../../lib/useQuery';
import { catalogOptions } from '../common/catalog';
import { applyFieldErrors, DateInput, Loadable, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

const ACTIVITIES = graphql(`
  query Activities($offset: Int!, $node: ID!, $station: Boolean!) {
    communityActivities(page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        title
        activityDate
        place
        participantCount
        catalogItemId
        participants {
          name
        }
        summary
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
    communities: orgUnitChildren(parentId: $node, page: { limit: 100 }) @include(if: $station) {
      items {
        id
        name
      }
    }
  }
`);

const RECORD = graphql(`
  mutation RecordActivity($input: RecordCommunityActivityInput!) {
    recordCommunityActivity(input: $input) {
      id
    }
  }
`);

interface Values {
  title: string;
  activityDate: string;
  nodeId: string;
  place?: string;
  participantCount: number;
  catalogItemId?: string;
  participants: string[];
  summary?: string;
}

export default function Activities() {
  const s = useSession();
  const { message } = App.useApp();
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [form] = Form.useForm<Values>();
  const node = s.station?.orgUnitId ?? '00000000-0000-0000-0000-000000000000';
  const q = useQuery(ACTIVITIES, { offset, node, station: Boolean(s.station) });
  useUnsavedChanges(open && dirty);
  const items = new Map((q.data?.serviceCatalog ?? []).flatMap((f) => f.items.map((i) => [i.id, `${f.name} · ${i.name}`] as const)));

  const save = async () => {
    const v = await form.validateFields();
    try {
      await request(RECORD, {
        input: {
          stationId: s.station!.id,
          nodeId: v.nodeId,
          title: v.title.trim(),
          activityDate: v.activityDate,
          place: v.place?.trim() || null,
          participantCount: v.participantCount,
          catalogItemId: v.catalogItemId ?? null,
          participants: (v.participants ?? []).map((name) => ({ name: name.trim() })).filter((p) => p.name),
          summary: v.summary?.trim() || null,
        },
      });
      message.success('已记录社区活动');
      setOpen(false);
      setDirty(false);
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    }
  };

  return (
    <div data-testid="activities">
      <PageTitle
        title="社区活动"
        sub="一次性的社区活动：参与人次、参与者与服务项目"
        extra={
          s.can('create', 'Activity') &&
          s.station && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              记录活动
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
              dataSource={q.data!.communityActivities.items}
              scroll={{ x: 640 }}
              pagination={{
                total: q.data!.communityActivities.total,
                pageSize: 20,
                current: offset / 20 + 1,
                onChange: (p) => setOffset((p - 1) * 20),
                showSizeChanger: false,
              }}
              columns={[
                { title: '日期', dataIndex: 'activityDate', width: 110 },
                { title: '活动', dataIndex: 'title' },
                { title: '服务项目', dataIndex: 'catalogItemId', render: (v: string | null) => (v ? <Tag>{items.get(v) ?? '—'}</Tag> : '—') },
                { title: '地点', dataIndex: 'place', render: (v) => v ?? '—' },
                { title: '参与人次', dataIndex: 'participantCount' },
                { title: '参与者', dataIndex: 'participants', ellipsis: true, render: (ps: { name: string }[]) => ps.map((p) => p.name).join('、') || '—' },
              ]}
            />
          </Panel>
        )}
      </Loadable>
      <Modal open={open} title="记录社区活动" okText="保存" cancelText="取消" onOk={save} onCancel={() => setOpen(false)} width={640} destroyOnClose>
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          onValuesChange={() => setDirty(true)}
          initialValues={{ activityDate: today(), nodeId: s.station?.orgUnitId, participantCount: 20, participants: [] }}
        >
          <Form.Item label="活动名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item label="活动日期" name="activityDate" rules={[{ required: true }]}>
                <DateInput max={today()} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item label="参与人次" name="participantCount" rules={[{ required: true }]}>
                <InputNumber min={0} max={100000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item label="活动地点（社区）" name="nodeId" rules={[{ required: true }]}>
                <Select
                  options={[
                    { value: s.station?.orgUnitId, label: `${s.station?.name ?? ''}（本站）` },
                    ...(q.data?.communities?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="具体地点" name="place">
                <Input maxLength={200} placeholder="如：社区活动室" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="服务项目" name="catalogItemId">
            <Select allowClear showSearch optionFilterProp="label" options={catalogOptions(q.data?.serviceCatalog ?? [])} placeholder="从本市服务目录中选择" />
          </Form.Item>
          <Form.Item label="参与者姓名" name="participants" extra="输入姓名后按回车，可留空">
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
          </Form.Item>
          <Form.Item label="活动小结" name="summary">
            <Input.TextArea rows={3} maxLength={8000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
