import { VisitRules } from './Policies';

export default VisitRules;
