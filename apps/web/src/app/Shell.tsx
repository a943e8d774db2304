import {
  ApartmentOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  GlobalOutlined,
  IdcardOutlined,
  AuditOutlined,
  FormOutlined,
  TrophyOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CommentOutlined,
  FileTextOutlined,
  HeartOutlined,
  HomeOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
  FlagOutlined,
  MenuOutlined,
  ScheduleOutlined,
  PhoneOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { ROLE } from '../lib/labels';
import { type Session, useAuth } from './auth';

type Item = { key: string; label: string; icon: JSX.Element; show: (s: Session) => boolean };

const WORK: Item[] = [
  { key: '/', label: '工作台', icon: <HomeOutlined />, show: (s) => s.roles.has('SOCIAL_WORKER') || s.roles.has('STATION_HEAD') },
  { key: '/people', label: '服务对象', icon: <UserOutlined />, show: (s) => s.can('create', 'ServiceObject') },
  { key: '/cases', label: '个案', icon: <FileTextOutlined />, show: (s) => s.can('read', 'CaseFile') },
  { key: '/visits', label: '探访', icon: <CalendarOutlined />, show: (s) => s.can('create', 'HomeVisit') },
  { key: '/groups', label: '小组', icon: <TeamOutlined />, show: (s) => s.can('create', 'Activity') },
  { key: '/activities', label: '社区活动', icon: <FlagOutlined />, show: (s) => s.can('create', 'Activity') },
  { key: '/volunteers', label: '志愿者', icon: <HeartOutlined />, show: (s) => s.can('create', 'Volunteer') },
];

const STATION: Item[] = [
  { key: '/station/roster', label: '人员与持证', icon: <SafetyCertificateOutlined />, show: (s) => s.can('create', 'StaffMember') },
  { key: '/station/filings', label: '人员变动备案', icon: <ScheduleOutlined />, show: (s) => s.can('update', 'StaffFiling') },
  { key: '/station/closures', label: '结案审批', icon: <CheckSquareOutlined />, show: (s) => s.canAll('approveClosure', 'CaseFile') },
  { key: '/station/assign', label: '派案与转案', icon: <SwapOutlined />, show: (s) => s.canAll('transfer', 'CaseFile') },
  { key: '/station/audit', label: '审计日志', icon: <AuditOutlined />, show: (s) => s.can('read', 'AuditLog') },
];

const WORK_ORDERS: Item[] = [
  { key: '/work-orders/queue', label: '派单', icon: <PhoneOutlined />, show: (s) => s.can('dispatch', 'WorkOrder') },
  { key: '/work-orders/inbox', label: '工单收件箱', icon: <InboxOutlined />, show: (s) => s.can('handle', 'WorkOrder') },
  { key: '/work-orders/rates', label: '接诉即办三率', icon: <BarChartOutlined />, show: (s) => s.can('read', 'WorkOrder') },
];

const EVALUATION: Item[] = [
  { key: '/evaluation/sheets', label: '评估表', icon: <FormOutlined />, show: (s) => s.can('read', 'EvalSheet') },
  { key: '/evaluation/results', label: '评估结果', icon: <TrophyOutlined />, show: (s) => s.can('read', 'EvalResult') },
  { key: '/evaluation/schemes', label: '评估方案', icon: <ApartmentOutlined />, show: (s) => s.can('update', 'EvalScheme') },
];

const SUPERVISION: Item[] = [{ key: '/supervision', label: '督导工作', icon: <CommentOutlined />, show: (s) => s.roles.has('SUPERVISOR') }];

const bureau = (s: Session) => s.roles.has('DISTRICT_OFFICER') || s.roles.has('CITY_ADMIN');

/** Bureaus and the city platform: statistics, compliance, completeness, rankings (the chart screens). */
const OVERSIGHT: Item[] = [{ key: '/oversight', label: '统计总览', icon: <BarChartOutlined />, show: (s) => bureau(s) && s.can('read', 'Statistics') }];

/** The city admin's settings of the city. */
const ADMIN: Item[] = [
  { key: '/admin/tree', label: '组织与站点', icon: <ApartmentOutlined />, show: (s) => s.can('create', 'OrgUnit') },
  { key: '/admin/users', label: '账号与角色', icon: <IdcardOutlined />, show: (s) => s.can('create', 'UserAccount') },
  { key: '/admin/staffing-policy', label: '人员配备标准', icon: <SafetyCertificateOutlined />, show: (s) => s.can('update', 'StaffingPolicy') },
  { key: '/admin/visit-rules', label: '探访规则', icon: <CalendarOutlined />, show: (s) => s.can('update', 'ServiceCatalog') },
  { key: '/admin/catalog', label: '服务目录', icon: <AppstoreOutlined />, show: (s) => s.can('update', 'ServiceCatalog') },
  { key: '/admin/volunteer-goal', label: '志愿者发展目标', icon: <HeartOutlined />, show: (s) => s.can('update', 'CommunityPolicy') },
];

/** The SaaS operator: the cities (tenants). */
const PLATFORM: Item[] = [{ key: '/platform/tenants', label: '城市管理', icon: <GlobalOutlined />, show: (s) => s.me.isPlatformOperator }];

/**
 * The menu, section by section: a module adds its screens as a section (or items of one), each
 * item shown only to the roles its permission check admits.
 */
const SECTIONS: { key: string; label?: string; items: Item[] }[] = [
  { key: 'g-work', items: WORK },
  { key: 'g-oversight', items: OVERSIGHT },
  { key: 'g-wo', label: '接诉即办', items: WORK_ORDERS },
  { key: 'g-sup', label: '督导', items: SUPERVISION },
  { key: 'g-station', label: '站务管理', items: STATION },
  { key: 'g-evaluation', label: '评估', items: EVALUATION },
  { key: 'g-admin', label: '系统管理', items: ADMIN },
  { key: 'g-platform', label: '平台运营', items: PLATFORM },
];

function menuItems(s: Session): MenuProps['items'] {
  const pick = (items: Item[]) => items.filter((i) => i.show(s)).map(({ key, label, icon }) => ({ key, label: <Link to={key}>{label}</Link>, icon }));
  return SECTIONS.flatMap((section): NonNullable<MenuProps['items']> => {
    const items = pick(section.items);
    if (!items.length) return [];
    return section.label ? [{ type: 'group' as const, key: section.key, label: section.label, children: items }] : items;
  });
}

function selectedKey(pathname: string, home: 'workbench' | 'supervision'): string {
  const all = SECTIONS.flatMap((section) => section.items.map((i) => i.key)).filter((k) => k !== '/');
  return all.find((k) => pathname === k || pathname.startsWith(`${k}/`)) ?? (pathname === '/' && home === 'supervision' ? '/supervision' : '/');
}

export function Shell() {
  const { status, session, signOut } = useAuth();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);
  if (status === 'loading') return <Spin fullscreen tip="正在登录" />;
  if (status !== 'signedIn' || !session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const roles = [...session.roles].map((r) => ROLE[r]);
  const place = session.stations.map((s) => s.name).join('、') || session.me.assignments[0]?.orgUnitName || session.me.tenantName || '平台运营';
  return (
    <Layout className="shell">
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={narrow ? 0 : 64}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
        width={200}
        theme="light"
        className={narrow ? 'shell-sider shell-sider-narrow' : 'shell-sider'}
        trigger={narrow ? null : undefined}
      >
        <div className="brand">{collapsed ? '社工' : '社工站工作平台'}</div>
        <Menu
          mode="inline"
          selectedKeys={[selectedKey(location.pathname, session.roles.has('SOCIAL_WORKER') || session.roles.has('STATION_HEAD') ? 'workbench' : 'supervision')]}
          items={menuItems(session)}
          onClick={() => narrow && setCollapsed(true)}
          aria-label="主导航"
        />
      </Layout.Sider>
      {narrow && !collapsed && <div className="shell-mask" onClick={() => setCollapsed(true)} />}
      <Layout>
        <Layout.Header className="shell-header">
          {narrow && <Button type="text" icon={<MenuOutlined />} onClick={() => setCollapsed((c) => !c)} aria-label="菜单" aria-expanded={!collapsed} />}
          <Typography.Text className="shell-place" ellipsis>
            {place}
          </Typography.Text>
          <Space size="small" className="shell-user">
            <Typography.Text strong data-testid="me-name">
              {session.me.displayName}
            </Typography.Text>
            {roles.map((r) => (
              <Tag key={r} color="blue" className="role-tag">
                {r}
              </Tag>
            ))}
            <Button icon={<LogoutOutlined />} onClick={() => signOut('signedOut')} aria-label="退出登录">
              <span className="hide-narrow">退出</span>
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
