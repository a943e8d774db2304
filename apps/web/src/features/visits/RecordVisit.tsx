import { App, Form, Input, Modal, Radio, Switch } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { VisitKind } from '../../gql/graphql';
import { request } from '../../lib/client';
import { today } from '../../lib/dates';
import { describeError } from '../../lib/errors';
import { options, VISIT_KIND } from '../../lib/labels';
import { applyFieldErrors, DateInput } from '../common/ui';

const RECORD_VISIT = graphql(`
  mutation RecordVisit($input: HomeVisitInput!) {
    recordHomeVisit(input: $input) {
      id
      visitDate
      kind
    }
  }
`);

interface Values {
  kind: VisitKind;
  visitDate: string;
  findings?: string;
  followUpNeeded: boolean;
}

/** A visit recorded from the due list: today, at home, by default, so saving is the second click. */
export function RecordVisitModal({ person, onClose, onSaved }: { person: { id: string; name: string } | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await request(RECORD_VISIT, {
        input: { serviceObjectId: person!.id, kind: v.kind, visitDate: v.visitDate, findings: v.findings?.trim() || null, followUpNeeded: v.followUpNeeded },
      });
      message.success(`已记录对 ${person!.name} 的探访`);
      form.resetFields();
      onSaved();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={Boolean(person)}
      title={`记录探访：${person?.name ?? ''}`}
      okText="保存"
      cancelText="取消"
      onOk={save}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnClose
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'HOME', visitDate: today(), followUpNeeded: false }} preserve={false}>
        <Form.Item label="方式" name="kind" rules={[{ required: true }]}>
          <Radio.Group options={options(VISIT_KIND)} optionType="button" />
        </Form.Item>
        <Form.Item label="探访日期" name="visitDate" rules={[{ required: true, message: '请选择日期' }]}>
          <DateInput max={today()} />
        </Form.Item>
        <Form.Item label="探访情况" name="findings">
          <Input.TextArea rows={3} maxLength={4000} placeholder="身体、居住、情绪等情况（可选）" />
        </Form.Item>
        <Form.Item label="需要跟进" name="followUpNeeded" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
