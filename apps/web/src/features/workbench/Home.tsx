import { Navigate } from 'react-router-dom';
import { useSession } from '../../app/auth';
import SupervisorHome from '../supervision/Supervision';
import Workbench from './Workbench';
import Sheets from '../evaluation/Sheets';

/** Each role's home: the workbench at a station, the supervision desk for a supervisor, the queue for a dispatcher. */
export default function Home() {
  const s = useSession();
  if (s.roles.has('SOCIAL_WORKER') || s.roles.has('STATION_HEAD')) return <Workbench />;
  if (s.roles.has('SUPERVISOR')) return <SupervisorHome />;
  if (s.roles.has('DISPATCHER')) return <Navigate to="/work-orders/queue" replace />;
  // Bureaus and the city platform start on their statistics; the operator on the cities; an evaluator on its sheets.
  if (s.roles.has('CITY_ADMIN') || s.roles.has('DISTRICT_OFFICER')) return <Navigate to="/oversight" replace />;
  if (s.me.isPlatformOperator) return <Navigate to="/platform/tenants" replace />;
  if (s.can('read', 'EvalSheet')) return <Sheets />;
  return <div>此控制台面向社工站的驻站社工、站长、督导和评估人员。</div>;
}
