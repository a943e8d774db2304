import { Alert } from 'antd';
import type { StaffingRule } from '../../gql/graphql';
import { staffingFailure } from '../../lib/labels';

interface Compliance {
  applicable: boolean;
  complies: boolean;
  failingSince?: string | null;
  staffCount: number;
  certifiedCount: number;
  failures: { rule: StaffingRule; actual: number; required: number }[];
}

/** Whether the station meets the city's staffing rule today: complies, or failing since when and why. */
export function ComplianceBanner({ c }: { c: Compliance }) {
  if (!c.applicable) return null;
  if (c.complies)
    return <Alert type="success" showIcon data-testid="compliance" message={`人员配备达标：在岗 ${c.staffCount} 人，持证 ${c.certifiedCount} 人`} />;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="compliance"
      message={`人员配备未达标${c.failingSince ? `，自 ${c.failingSince} 起` : ''}`}
      description={c.failures.map((f) => staffingFailure(f.rule, f.actual, f.required)).join('；')}
    />
  );
}
