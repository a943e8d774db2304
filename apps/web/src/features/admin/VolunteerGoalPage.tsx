import { VolunteerGoal } from './Policies';

export default VolunteerGoal;
