import { LockOutlined, UserOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { describeSignInError } from '../../lib/errors';
import { Panel } from '../common/ui';

const ENDED: Record<string, string> = {
  idle: '长时间未操作，已自动退出登录，请重新登录',
  expired: '登录已过期，请重新登录',
  signedOut: '您已退出登录',
};

interface Values {
  tenant: string;
  username: string;
  password: string;
}

export default function SignIn() {
  const { status, signIn, ended } = useAuth();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (status === 'signedIn') return <Navigate to={from} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(v.tenant ?? '', v.username, v.password);
    } catch (e) {
      setError(describeSignInError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <Panel className="signin-card">
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          社工站工作平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          驻站社工 · 站长 · 督导
        </Typography.Paragraph>
        {ended && !error && <Alert type="info" showIcon message={ENDED[ended]} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" data-testid="signin-error" />}
        <Form<Values> layout="vertical" onFinish={submit} initialValues={{ tenant: localStorage.getItem('swsp.tenant') ?? '' }} requiredMark={false}>
          <Form.Item label="城市代码" name="tenant" extra="平台运营方登录时留空">
            <Input prefix={<EnvironmentOutlined />} placeholder="例如 jinan" autoComplete="organization" autoFocus />
          </Form.Item>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} size="large">
            登录
          </Button>
        </Form>
      </Panel>
    </div>
  );
}
