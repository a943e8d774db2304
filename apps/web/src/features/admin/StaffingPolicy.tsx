import { App, Button, Checkbox, Form, InputNumber, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { OrgLevel } from '../../gql/graphql';
import { request } from '../../lib/client';
import { today } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { ORG_LEVEL } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { applyFieldErrors, DateInput, Loadable, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

const POLICY = graphql(`
  query StaffingPolicyAdmin {
    current: staffingPolicy {
      id
      isDefault
      effectiveFrom
      minStaff
      minCertifiedShare {
        numerator
        denominator
      }
      minCertifiedCount
      minFullTime
      filingDeadlineDays
      appliesToLevels
    }
    history: staffingPolicyHistory {
      id
      isDefault
      effectiveFrom
      minStaff
      minCertifiedShare {
        numerator
        denominator
      }
      minCertifiedCount
      minFullTime
      filingDeadlineDays
      appliesToLevels
    }
  }
`);

const SET_POLICY = graphql(`
  mutation SetStaffingPolicy($input: StaffingPolicyInput!) {
    setStaffingPolicy(input: $input) {
      id
      effectiveFrom
    }
  }
`);

interface Values {
  effectiveFrom: string;
  minStaff: number;
  numerator: number;
  denominator: number;
  minCertifiedCount?: number | null;
  minFullTime?: number | null;
  filingDeadlineDays: number;
  appliesToLevels: OrgLevel[];
}

type Policy = {
  id?: string | null;
  isDefault: boolean;
  effectiveFrom?: string | null;
  minStaff: number;
  minCertifiedShare: { numerator: number; denominator: number };
  minCertifiedCount?: number | null;
  minFullTime?: number | null;
  filingDeadlineDays: number;
  appliesToLevels: OrgLevel[];
};

export function describePolicy(p: Policy): string {
  const parts = [`每站至少 ${p.minStaff} 人`, `持证比例不低于 ${p.minCertifiedShare.numerator}/${p.minCertifiedShare.denominator}`];
  if (p.minCertifiedCount) parts.push(`持证至少 ${p.minCertifiedCount} 人`);
  if (p.minFullTime) parts.push(`专职至少 ${p.minFullTime} 人`);
  parts.push(`人员变动 ${p.filingDeadlineDays} 日内备案`);
  return parts.join('，');
}

/** The city's staffing policy: the one in force, its history, and a new one from a day (earlier days keep theirs). */
export default function StaffingPolicy() {
  const q = useQuery(POLICY, {});
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  useUnsavedChanges(dirty && !saving);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      await request(SET_POLICY, {
        input: {
          effectiveFrom: v.effectiveFrom,
          minStaff: v.minStaff,
          minCertifiedShare: { numerator: v.numerator, denominator: v.denominator },
          minCertifiedCount: v.minCertifiedCount ?? null,
          minFullTime: v.minFullTime ?? null,
          filingDeadlineDays: v.filingDeadlineDays,
          appliesToLevels: v.appliesToLevels,
        },
      });
      message.success(`已设置自 ${v.effectiveFrom} 起执行的人员配备标准`);
      setDirty(false);
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e, { 'minCertifiedShare.numerator': ['numerator'], 'minCertifiedShare.denominator': ['denominator'] }))
        message.error(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="staffing-policy">
      <PageTitle title="人员配备标准" sub="标准自生效日起执行；更早的日期仍按当时有效的标准判定" />
      <Loadable {...q}>
        {() => {
          const cur = q.data!.current;
          return (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Panel title="当前执行">
                <Typography.Paragraph data-testid="policy-current" style={{ margin: 0 }}>
                  {cur.isDefault ? <Tag>默认标准</Tag> : <Tag color="blue">自 {cur.effectiveFrom} 起</Tag>}
                  {describePolicy(cur)}；适用于 {cur.appliesToLevels.map((l) => ORG_LEVEL[l]).join('、')}站点
                </Typography.Paragraph>
              </Panel>
              <Panel title="设置新标准">
                <Form<Values>
                  form={form}
                  layout="vertical"
                  requiredMark={false}
                  onFinish={submit}
                  onValuesChange={() => setDirty(true)}
                  initialValues={{
                    effectiveFrom: today(),
                    minStaff: cur.minStaff,
                    numerator: cur.minCertifiedShare.numerator,
                    denominator: cur.minCertifiedShare.denominator,
                    minCertifiedCount: cur.minCertifiedCount,
                    minFullTime: cur.minFullTime,
                    filingDeadlineDays: cur.filingDeadlineDays,
                    appliesToLevels: cur.appliesToLevels,
                  }}
                >
                  <Space wrap align="start" size="large">
                    <Form.Item label="生效日期" name="effectiveFrom" rules={[{ required: true, message: '请选择生效日期' }]}>
                      <DateInput />
                    </Form.Item>
                    <Form.Item label="每站最少人数" name="minStaff" rules={[{ required: true, message: '请填写' }]}>
                      <InputNumber min={0} max={100} />
                    </Form.Item>
                    <Form.Item label="持证比例（分子）" name="numerator" rules={[{ required: true, message: '请填写' }]}>
                      <InputNumber min={0} max={100} />
                    </Form.Item>
                    <Form.Item label="持证比例（分母）" name="denominator" rules={[{ required: true, message: '请填写' }]}>
                      <InputNumber min={1} max={100} />
                    </Form.Item>
                    <Form.Item label="最少持证人数" name="minCertifiedCount">
                      <InputNumber min={0} max={100} />
                    </Form.Item>
                    <Form.Item label="最少专职人数" name="minFullTime">
                      <InputNumber min={0} max={100} />
                    </Form.Item>
                    <Form.Item label="备案期限（天）" name="filingDeadlineDays" rules={[{ required: true, message: '请填写' }]}>
                      <InputNumber min={0} max={365} />
                    </Form.Item>
                  </Space>
                  <Form.Item label="适用站点层级" name="appliesToLevels" rules={[{ required: true, message: '至少选择一个层级' }]}>
                    <Checkbox.Group options={(['CITY', 'DISTRICT', 'STREET', 'COMMUNITY'] as OrgLevel[]).map((l) => ({ value: l, label: ORG_LEVEL[l] }))} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={saving}>
                    保存新标准
                  </Button>
                </Form>
              </Panel>
              <Panel title="历史标准">
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  data-testid="policy-history"
                  dataSource={[...q.data!.history].reverse().map((p, i) => ({ ...p, id: p.id ?? `default-${i}` }))}
                  locale={{ emptyText: '尚未设置，执行默认标准（每站至少 3 人，三分之二持证）' }}
                  columns={[
                    { title: '生效日期', dataIndex: 'effectiveFrom', render: (v: string | null) => v ?? '默认' },
                    { title: '标准', render: (_: unknown, p: Policy) => describePolicy(p) },
                    { title: '适用层级', dataIndex: 'appliesToLevels', render: (ls: OrgLevel[]) => ls.map((l) => ORG_LEVEL[l]).join('、') },
                  ]}
                />
              </Panel>
            </Space>
          );
        }}
      </Loadable>
    </div>
  );
}
