import { useSession } from '../../app/auth';
import SupervisorHome from '../supervision/Supervision';
import Workbench from './Workbench';
import Sheets from '../evaluation/Sheets';

/** Each role's home: the workbench at a station, the supervision desk for a supervisor. */
export default function Home() {
  const s = useSession();
  if (s.roles.has('SOCIAL_WORKER') || s.roles.has('STATION_HEAD')) return <Workbench />;
  if (s.roles.has('SUPERVISOR')) return <SupervisorHome />;
  if (s.can('read', 'EvalSheet')) return <Sheets />;
  return <div>此控制台面向社工站的驻站社工、站长、督导和评估人员。</div>;
}
