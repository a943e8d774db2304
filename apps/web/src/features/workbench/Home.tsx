import { Navigate } from 'react-router-dom';
import { useSession } from '../../app/auth';
import SupervisorHome from '../supervision/Supervision';
import Workbench from './Workbench';

/** Each role's home: the workbench at a station, the supervision desk for a supervisor. */
export default function Home() {
  const s = useSession();
  if (s.roles.has('SOCIAL_WORKER') || s.roles.has('STATION_HEAD')) return <Workbench />;
  if (s.roles.has('SUPERVISOR')) return <SupervisorHome />;
  // Bureaus and the city platform start on their statistics; the operator on the cities.
  if (s.roles.has('CITY_ADMIN') || s.roles.has('DISTRICT_OFFICER')) return <Navigate to="/oversight" replace />;
  if (s.me.isPlatformOperator) return <Navigate to="/platform/tenants" replace />;
  return <div>此控制台面向社工站的驻站社工、站长和督导。</div>;
}
