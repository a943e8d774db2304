import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { NotFound } from '../features/common/ui';
import SignIn from '../features/signin/SignIn';
import { Shell } from './Shell';

/** Each screen is its own chunk, loaded when first visited. */
const page = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  { path: '/login', element: <SignIn /> },
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, ...page(() => import('../features/workbench/Home')) },
      { path: 'people', ...page(() => import('../features/people/People')) },
      { path: 'people/new', ...page(() => import('../features/people/PersonForm')) },
      { path: 'people/:id', ...page(() => import('../features/people/PersonPage')) },
      { path: 'people/:id/edit', ...page(() => import('../features/people/PersonForm')) },
      { path: 'cases', ...page(() => import('../features/cases/Cases')) },
      { path: 'cases/:id', ...page(() => import('../features/cases/CasePage')) },
      { path: 'visits', ...page(() => import('../features/visits/Visits')) },
      { path: 'groups', ...page(() => import('../features/groups/Groups')) },
      { path: 'groups/:id', ...page(() => import('../features/groups/GroupPage')) },
      { path: 'activities', ...page(() => import('../features/activities/Activities')) },
      { path: 'volunteers', ...page(() => import('../features/volunteers/Volunteers')) },
      { path: 'station/roster', ...page(() => import('../features/station/Roster')) },
      { path: 'station/filings', ...page(() => import('../features/station/Filings')) },
      { path: 'station/closures', ...page(() => import('../features/station/Closures')) },
      { path: 'station/assign', ...page(() => import('../features/station/Assign')) },
      { path: 'station/audit', ...page(() => import('../features/station/Audit')) },
      { path: 'supervision', ...page(() => import('../features/supervision/Supervision')) },
      { path: 'work-orders/queue', ...page(() => import('../features/work-orders/Queue')) },
      { path: 'work-orders/inbox', ...page(() => import('../features/work-orders/Inbox')) },
      { path: 'work-orders/rates', ...page(() => import('../features/work-orders/Rates')) },
      { path: 'work-orders/:id', ...page(() => import('../features/work-orders/WorkOrderPage')) },
      { path: 'evaluation/schemes', ...page(() => import('../features/evaluation/Schemes')) },
      { path: 'evaluation/sheets', ...page(() => import('../features/evaluation/Sheets')) },
      { path: 'evaluation/sheets/:id', ...page(() => import('../features/evaluation/SheetPage')) },
      { path: 'evaluation/results', ...page(() => import('../features/evaluation/Results')) },
      { path: 'oversight', ...page(() => import('../features/oversight/Oversight')) },
      { path: 'oversight/stations/:stationId', ...page(() => import('../features/oversight/StationOverview')) },
      { path: 'oversight/:nodeId', ...page(() => import('../features/oversight/Oversight')) },
      { path: 'admin/tree', ...page(() => import('../features/admin/Tree')) },
      { path: 'admin/tree/:nodeId', ...page(() => import('../features/admin/Tree')) },
      { path: 'admin/users', ...page(() => import('../features/admin/Users')) },
      { path: 'admin/staffing-policy', ...page(() => import('../features/admin/StaffingPolicy')) },
      { path: 'admin/visit-rules', ...page(() => import('../features/admin/VisitRulesPage')) },
      { path: 'admin/catalog', ...page(() => import('../features/admin/Catalog')) },
      { path: 'admin/volunteer-goal', ...page(() => import('../features/admin/VolunteerGoalPage')) },
      { path: 'platform/tenants', ...page(() => import('../features/platform/Tenants')) },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
