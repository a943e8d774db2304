import { App, Button, Col, Form, Input, Radio, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { Gender, RiskLevel, ServiceCategory } from '../../gql/graphql';
import { request } from '../../lib/client';
import { today } from '../../lib/dates';
import { ApiError, describeError } from '../../lib/errors';
import { fromIdNumber, idNumberRule, normaliseIdentityNumber } from '../../lib/idNumber';
import { CATEGORY, GENDER, options, RISK } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { applyFieldErrors, DateInput, Loadable, PageTitle, Panel, useUnsavedChanges } from '../common/ui';

const PERSON_FORM = graphql(`
  query PersonForm($id: ID!, $edit: Boolean!, $node: ID!) {
    serviceObject(id: $id) @include(if: $edit) {
      id
      name
      gender
      idNumber
      birthDate
      phone
      address
      categories
      riskLevel
      communityId
      notes
      emergencyContact {
        name
        relation
        phone
      }
    }
    communities: orgUnitChildren(parentId: $node, page: { limit: 100 }) {
      items {
        id
        name
      }
    }
  }
`);

const REGISTER = graphql(`
  mutation RegisterPerson($input: RegisterServiceObjectInput!) {
    registerServiceObject(input: $input) {
      id
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdatePerson($id: ID!, $input: ServiceObjectDetailsInput!) {
    updateServiceObject(id: $id, input: $input) {
      id
    }
  }
`);

interface Values {
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate?: string;
  phone?: string;
  address?: string;
  categories: ServiceCategory[];
  riskLevel: RiskLevel;
  communityId?: string;
  notes?: string;
  emergencyContact?: { name?: string; relation?: string; phone?: string };
}

const blank = (v?: string) => (v?.trim() ? v.trim() : null);

export default function PersonForm() {
  const { id } = useParams();
  const edit = Boolean(id);
  const s = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [existing, setExisting] = useState<string>();
  const q = useQuery(PERSON_FORM, {
    id: id ?? '00000000-0000-0000-0000-000000000000',
    edit,
    node: s.station?.orgUnitId ?? '00000000-0000-0000-0000-000000000000',
  });
  useUnsavedChanges(dirty && !saving);

  const person = q.data?.serviceObject;
  const masked = Boolean(person?.idNumber?.includes('*'));
  useEffect(() => {
    if (!person) return;
    form.setFieldsValue({
      name: person.name,
      idNumber: masked ? '' : (person.idNumber ?? ''),
      gender: person.gender,
      birthDate: person.birthDate ?? undefined,
      phone: person.phone ?? undefined,
      address: person.address ?? undefined,
      categories: person.categories,
      riskLevel: person.riskLevel,
      communityId: person.communityId ?? undefined,
      notes: person.notes ?? undefined,
      emergencyContact: {
        name: person.emergencyContact?.name ?? undefined,
        relation: person.emergencyContact?.relation ?? undefined,
        phone: person.emergencyContact?.phone ?? undefined,
      },
    });
  }, [person, masked, form]);

  const submit = async (v: Values) => {
    setSaving(true);
    setExisting(undefined);
    const details = {
      name: v.name.trim(),
      idNumber: normaliseIdentityNumber(v.idNumber),
      gender: v.gender,
      birthDate: v.birthDate || null,
      phone: blank(v.phone),
      address: blank(v.address),
      categories: v.categories ?? [],
      riskLevel: v.riskLevel,
      communityId: v.communityId ?? null,
      notes: blank(v.notes),
      emergencyContact:
        v.emergencyContact && (v.emergencyContact.name || v.emergencyContact.phone)
          ? { name: blank(v.emergencyContact.name), relation: blank(v.emergencyContact.relation), phone: blank(v.emergencyContact.phone) }
          : null,
    };
    try {
      const saved = edit
        ? (await request(UPDATE, { id: id!, input: details })).updateServiceObject
        : (await request(REGISTER, { input: { ...details, stationId: s.station!.id } })).registerServiceObject;
      setDirty(false);
      message.success(edit ? '已保存' : '已登记服务对象');
      // Leave after the blocker has seen the form as saved.
      setTimeout(() => navigate(`/people/${saved.id}`, { replace: true }), 0);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT' && e.extensions.existingId) setExisting(e.extensions.existingId);
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
      setSaving(false);
    }
  };

  return (
    <Loadable loading={q.loading} error={q.error} data={q.data}>
      {() => (
        <div data-testid="person-form">
          <PageTitle title={edit ? `编辑服务对象：${person?.name ?? ''}` : '登记服务对象'} sub="带 * 的为必填项；身份证号按国家标准校验" />
          <Panel>
            <Form<Values>
              form={form}
              layout="vertical"
              onFinish={submit}
              onValuesChange={(changed: Partial<Values>) => {
                setDirty(true);
                if (changed.idNumber) {
                  const derived = fromIdNumber(changed.idNumber);
                  if (derived) form.setFieldsValue({ gender: derived.gender, birthDate: derived.birthDate });
                }
              }}
              initialValues={{ categories: [], riskLevel: 'LOW', gender: 'FEMALE' }}
              scrollToFirstError
            >
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
                    <Input maxLength={50} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    label="身份证号"
                    name="idNumber"
                    rules={[idNumberRule]}
                    validateTrigger="onBlur"
                    extra={
                      existing ? (
                        <Link to={`/people/${existing}`}>查看已登记的档案</Link>
                      ) : masked ? (
                        '出于隐私保护，身份证号不显示完整：请重新输入完整号码后保存'
                      ) : undefined
                    }
                  >
                    <Input maxLength={18} autoComplete="off" inputMode="text" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item label="性别" name="gender" rules={[{ required: true }]}>
                    <Radio.Group options={options(GENDER)} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item label="出生日期" name="birthDate" extra="由身份证号自动带出">
                    <DateInput max={today()} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label="联系电话" name="phone">
                    <Input maxLength={20} inputMode="tel" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label="服务对象类别" name="categories">
                    <Select mode="multiple" options={options(CATEGORY)} placeholder="可多选" optionFilterProp="label" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item label="风险等级" name="riskLevel" rules={[{ required: true }]}>
                    <Select options={options(RISK)} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item label="所在社区" name="communityId">
                    <Select allowClear options={q.data!.communities.items.map((c) => ({ value: c.id, label: c.name }))} placeholder="选择社区" />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item label="住址" name="address">
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label="紧急联系人" name={['emergencyContact', 'name']}>
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item label="关系" name={['emergencyContact', 'relation']}>
                    <Input maxLength={20} placeholder="如：子女、监护人、邻居" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item label="紧急联系电话" name={['emergencyContact', 'phone']}>
                    <Input maxLength={20} inputMode="tel" />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item label="备注" name="notes">
                    <Input.TextArea rows={3} maxLength={2000} />
                  </Form.Item>
                </Col>
              </Row>
              <Space>
                <Button type="primary" htmlType="submit" loading={saving}>
                  {edit ? '保存' : '登记'}
                </Button>
                <Button onClick={() => navigate(-1)}>取消</Button>
              </Space>
            </Form>
          </Panel>
        </div>
      )}
    </Loadable>
  );
}
