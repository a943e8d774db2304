import { Alert, App, Button, Input, Spin, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { type CSSProperties, type HTMLAttributes, type ReactNode, useEffect, useRef } from 'react';
import { Link, useBlocker } from 'react-router-dom';
import { ApiError, describeError, fieldMessage } from '../../lib/errors';

export function PageTitle({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <div className="page-title">
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {sub && <Typography.Text type="secondary">{sub}</Typography.Text>}
      </div>
      {extra && <div className="page-title-extra">{extra}</div>}
    </div>
  );
}

export function NotFound() {
  return (
    <div className="not-found" role="alert">
      <Typography.Title level={3}>未找到</Typography.Title>
      <Typography.Paragraph type="secondary">该记录不存在，或不在您的工作范围内。</Typography.Paragraph>
      <Link to="/">
        <Button type="primary">返回工作台</Button>
      </Link>
    </div>
  );
}

/** A titled panel (a light card: antd's Card brings Tabs and Skeleton into every screen). */
export function Panel({
  title,
  extra,
  children,
  style,
  className,
  ...rest
}: { title?: ReactNode; extra?: ReactNode; children?: ReactNode; style?: CSSProperties } & Omit<HTMLAttributes<HTMLElement>, 'title'>) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} style={style} {...rest}>
      {(title || extra) && (
        <div className="panel-head">
          <div className="panel-title">{title}</div>
          {extra && <div className="panel-extra">{extra}</div>}
        </div>
      )}
      <div className="panel-body">{children}</div>
    </section>
  );
}

/**
 * A day, YYYY-MM-DD, with the browser's own date picker (light, keyboard-friendly, and the
 * phone's native picker in the field). Takes and gives the API's Date strings.
 */
export function DateInput({
  value,
  onChange,
  max,
  min,
  id,
  ...rest
}: {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  max?: string;
  min?: string;
  id?: string;
  'aria-label'?: string;
}) {
  return (
    <Input
      type="date"
      id={id}
      value={value ?? ''}
      max={max}
      min={min}
      onChange={(e) => onChange?.(e.target.value || undefined)}
      style={{ width: '100%' }}
      {...rest}
    />
  );
}

/** Loading, a NOT_FOUND (未找到), or any other error, for a screen's data. */
export function Loadable({ loading, error, data, children }: { loading: boolean; error: unknown; data: unknown; children: () => ReactNode }) {
  if (error && error instanceof ApiError && error.code === 'NOT_FOUND') return <NotFound />;
  if (error && !data) return <Alert type="error" showIcon message={describeError(error)} />;
  if (!data) return <Spin style={{ display: 'block', margin: '64px auto' }} tip="加载中" />;
  return <>{children()}</>;
}

/** Puts the API's field errors (BAD_USER_INPUT fields, a CONFLICT's field) on the form's fields; true if any landed. */
export function applyFieldErrors(form: FormInstance, error: unknown, map: Record<string, (string | number)[]> = {}): boolean {
  if (!(error instanceof ApiError) || !error.fields.length) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const fields = error.fields
    .map((f) => {
      const path = map[f.field] ?? f.field.split('.');
      return { name: path, errors: [fieldMessage(f)], top: String(path[0]) };
    })
    .filter((f) => known.has(f.top) || map[f.name.join('.')] !== undefined);
  form.setFields(fields.map(({ name, errors }) => ({ name, errors })));
  return fields.length > 0;
}

/** A form with unsaved changes asks before the user leaves it (another screen, reload or closing the tab). */
export function useUnsavedChanges(dirty: boolean): void {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  const current = useRef(blocker);
  current.current = blocker;
  const { modal } = App.useApp();
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    // Once per blocked navigation (the blocker object changes on every render).
    modal.confirm({
      title: '有未保存的修改',
      content: '离开本页后，填写的内容将不会保存。确定离开吗？',
      okText: '离开',
      cancelText: '留在本页',
      onOk: () => current.current.proceed?.(),
      onCancel: () => current.current.reset?.(),
    });
  }, [blocker.state, modal]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

export function Masked({ value }: { value: string | null | undefined }) {
  return <span className="masked">{value ?? '—'}</span>;
}
