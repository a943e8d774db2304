/**
 * Evaluation of stations (`@evaluation`): indicator schemes, rounds, sheets through self →
 * district → third party → city, results, grades and the quarterly contest.
 * Tables: eval_scheme, eval_item, eval_round, eval_sheet, eval_score, eval_sheet_log, eval_assignment, eval_result, eval_evidence.
 */
export { EvaluationModule } from './evaluation.module';
export { EvaluationService } from './evaluation.service';
export { insertScheme } from './scheme.service';
export { DEMO_SCHEMES } from './demo-schemes';
export { EVAL_METRICS, FigureReader } from './figures';
