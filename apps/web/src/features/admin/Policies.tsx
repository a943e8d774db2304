import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { RiskLevel, ServiceCategory, VisitPeriod } from '../../gql/graphql';
import { request } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { CATEGORY, RISK, VISIT_PERIOD } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { applyFieldErrors, Loadable, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

const VISIT_RULES = graphql(`
  query AdminVisitRules {
    visitRules {
      id
      name
      categories
      riskLevel
      period
      minVisits
      firstVisitWithinDays
    }
  }
`);

const SET_VISIT_RULES = graphql(`
  mutation SetVisitRules($input: VisitRulesInput!) {
    setVisitRules(input: $input) {
      id
    }
  }
`);

const GOAL = graphql(`
  query AdminVolunteerGoal {
    volunteerGoal
  }
`);

const SET_GOAL = graphql(`
  mutation SetVolunteerGoal($perWorker: Int!) {
    setVolunteerGoal(perWorker: $perWorker)
  }
`);

interface RuleValues {
  name: string;
  categories?: ServiceCategory[];
  riskLevel?: RiskLevel | null;
  period: VisitPeriod;
  minVisits: number;
  firstVisitWithinDays?: number | null;
}

/** The city's home-visit rules: who must be visited how often (Chengdu: twice a month for the elderly living alone). */
export function VisitRules() {
  const q = useQuery(VISIT_RULES, {});
  const { message } = App.useApp();
  const [form] = Form.useForm<{ rules: RuleValues[] }>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  useUnsavedChanges(dirty && !saving);

  const save = async (v: { rules: RuleValues[] }) => {
    setSaving(true);
    try {
      await request(SET_VISIT_RULES, {
        input: {
          rules: (v.rules ?? []).map((r) => ({
            name: r.name.trim(),
            categories: r.categories?.length ? r.categories : null,
            riskLevel: r.riskLevel ?? null,
            period: r.period,
            minVisits: r.minVisits,
            firstVisitWithinDays: r.firstVisitWithinDays ?? null,
          })),
        },
      });
      message.success('已保存探访规则');
      setDirty(false);
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="visit-rules">
      <PageTitle title="探访规则" sub="符合条件的服务对象按周期应探访的次数；清空全部规则即恢复默认规则" />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Form<{ rules: RuleValues[] }>
              form={form}
              layout="vertical"
              requiredMark={false}
              onFinish={save}
              onValuesChange={() => setDirty(true)}
              initialValues={{ rules: q.data!.visitRules.map((r) => ({ ...r, categories: r.categories ?? [] })) }}
            >
              <Form.List name="rules">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} wrap align="start" className="rule-row">
                        <Form.Item label="规则名称" name={[f.name, 'name']} rules={[{ required: true, message: '请填写' }]}>
                          <Input style={{ width: 200 }} />
                        </Form.Item>
                        <Form.Item label="服务对象类别" name={[f.name, 'categories']}>
                          <Select
                            mode="multiple"
                            style={{ width: 260 }}
                            allowClear
                            options={(Object.keys(CATEGORY) as ServiceCategory[]).map((c) => ({ value: c, label: CATEGORY[c] }))}
                          />
                        </Form.Item>
                        <Form.Item label="风险等级" name={[f.name, 'riskLevel']}>
                          <Select style={{ width: 100 }} allowClear options={(Object.keys(RISK) as RiskLevel[]).map((r) => ({ value: r, label: RISK[r] }))} />
                        </Form.Item>
                        <Form.Item label="周期" name={[f.name, 'period']} rules={[{ required: true, message: '请选择' }]}>
                          <Select
                            style={{ width: 90 }}
                            options={(Object.keys(VISIT_PERIOD) as VisitPeriod[]).map((p) => ({ value: p, label: VISIT_PERIOD[p] }))}
                          />
                        </Form.Item>
                        <Form.Item label="最少次数" name={[f.name, 'minVisits']} rules={[{ required: true, message: '请填写' }]}>
                          <InputNumber min={1} max={31} />
                        </Form.Item>
                        <Form.Item label="首次探访（天内）" name={[f.name, 'firstVisitWithinDays']}>
                          <InputNumber min={0} max={365} />
                        </Form.Item>
                        <Form.Item label=" ">
                          <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除规则" />
                        </Form.Item>
                      </Space>
                    ))}
                    <Space>
                      <Button icon={<PlusOutlined />} onClick={() => add({ period: 'MONTH', minVisits: 1 })}>
                        添加规则
                      </Button>
                      <Button type="primary" htmlType="submit" loading={saving}>
                        保存
                      </Button>
                    </Space>
                  </>
                )}
              </Form.List>
            </Form>
          </Panel>
        )}
      </Loadable>
    </div>
  );
}

/** The city's goal of regular volunteers each social worker develops (Haining: 5). */
export function VolunteerGoal() {
  const q = useQuery(GOAL, {});
  const { message } = App.useApp();
  const [form] = Form.useForm<{ perWorker: number }>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  useUnsavedChanges(dirty && !saving);
  const save = async (v: { perWorker: number }) => {
    setSaving(true);
    try {
      await request(SET_GOAL, { perWorker: v.perWorker });
      message.success(`已设置：每名社工发展 ${v.perWorker} 名常态化志愿者`);
      setDirty(false);
      await q.refetch();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div data-testid="volunteer-goal">
      <PageTitle title="志愿者发展目标" />
      <Loadable {...q}>
        {() => (
          <Panel>
            <Typography.Paragraph>每名社工应发展的常态化（在册）志愿者人数；未达目标的社工会在志愿者缺口中列出。</Typography.Paragraph>
            <Form form={form} layout="inline" onFinish={save} onValuesChange={() => setDirty(true)} initialValues={{ perWorker: q.data!.volunteerGoal }}>
              <Form.Item label="每名社工" name="perWorker" rules={[{ required: true, message: '请填写' }]}>
                <InputNumber min={0} max={1000} addonAfter="名" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saving}>
                保存
              </Button>
            </Form>
          </Panel>
        )}
      </Loadable>
    </div>
  );
}
