import { BadInputError, FieldProblem } from '@platform/errors/domain-errors';
import { GradeBandInput, RuleKind, SchemeInput, ScoringInput, ScoringKind } from './evaluation.model';

/** Scores are kept in hundredths: every sum and comparison is exact in integers. */
export const cents = (decimal: string | number): number => Math.round(Number(decimal) * 100);
export const decimal = (hundredths: number): string => (hundredths / 100).toFixed(2);

export interface ScoringRule {
  kind: ScoringKind;
  floor: string | null;
  target: string | null;
  bands: { from: string; to: string | null; score: string }[];
}

/**
 * A computed rule's score from its figure, in hundredths, never above the rule's maximum:
 * LINEAR is zero at or below the floor and the maximum at or above the target, proportional between
 * (rounded down to the hundredth, so rounding never lifts a score); BANDS is the score of the band
 * [from, to) holding the figure, zero outside every band.
 */
export function scoreOf(rule: ScoringRule, maxScore: string, figure: number): number {
  const max = cents(maxScore);
  let score = 0;
  if (rule.kind === ScoringKind.LINEAR) {
    const floor = Number(rule.floor);
    const target = Number(rule.target);
    if (figure >= target) score = max;
    else if (figure > floor) score = Math.floor((max * (figure - floor)) / (target - floor));
  } else {
    const band = rule.bands.find((b) => figure >= Number(b.from) && (b.to === null || figure < Number(b.to)));
    score = band ? cents(band.score) : 0;
  }
  return Math.max(0, Math.min(max, score));
}

/** The grade of a total: the band [min, max) holding it, the top band including its max. */
export function gradeOf(grades: { name: string; min: string; max: string }[], totalHundredths: number): string | null {
  const sorted = [...grades].sort((a, b) => cents(a.min) - cents(b.min));
  const last = sorted[sorted.length - 1];
  for (const g of sorted) if (totalHundredths >= cents(g.min) && (totalHundredths < cents(g.max) || g === last)) return g.name;
  return null;
}

/**
 * Every problem of a scheme's input, each on its field: the tree must not add up past the
 * scheme's total, computed rules name a known metric and a scoring function within the rule's
 * maximum, bands (of scoring and of grades) must not overlap, and grades cover 0 to the total.
 */
export function schemeProblems(input: SchemeInput, knownMetric: (name: string) => boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const total = cents(input.total);
  if (total <= 0 || total > 100000) problems.push({ field: 'total', message: 'must be more than 0 and at most 1000' });
  if (new Set(input.stationLevels).size !== input.stationLevels.length) problems.push({ field: 'stationLevels', message: 'names a level twice' });
  let sum = 0;
  let rules = 0;
  input.dimensions.forEach((d, i) =>
    d.indicators.forEach((ind, j) =>
      ind.rules.forEach((r, k) => {
        const at = `dimensions[${i}].indicators[${j}].rules[${k}]`;
        const max = cents(r.maxScore);
        rules++;
        sum += max;
        if (max <= 0) problems.push({ field: `${at}.maxScore`, message: 'must be more than 0' });
        else if (sum > total)
          problems.push({ field: `${at}.maxScore`, message: `would bring the scheme's rules to ${decimal(sum)}, past its total of ${decimal(total)}` });
        if (r.kind === RuleKind.COMPUTED) {
          if (!r.metric) problems.push({ field: `${at}.metric`, message: 'is required for a computed rule' });
          else if (!knownMetric(r.metric)) problems.push({ field: `${at}.metric`, message: `is not a known metric: ${r.metric} (see evaluationMetrics)` });
          if (!r.scoring) problems.push({ field: `${at}.scoring`, message: 'is required for a computed rule' });
          else problems.push(...scoringProblems(r.scoring, max, `${at}.scoring`));
        } else {
          if (r.metric) problems.push({ field: `${at}.metric`, message: 'belongs to computed rules only' });
          if (r.scoring) problems.push({ field: `${at}.scoring`, message: 'belongs to computed rules only' });
        }
      }),
    ),
  );
  if (rules > 300) problems.push({ field: 'dimensions', message: 'a scheme has at most 300 rules' });
  problems.push(...gradeProblems(input.grades, total));
  return problems;
}

function scoringProblems(s: ScoringInput, max: number, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (s.kind === ScoringKind.LINEAR) {
    if (s.floor == null) problems.push({ field: `${at}.floor`, message: 'is required for linear scoring' });
    if (s.target == null) problems.push({ field: `${at}.target`, message: 'is required for linear scoring' });
    if (s.floor != null && s.target != null && cents(s.target) <= cents(s.floor)) problems.push({ field: `${at}.target`, message: 'must be above the floor' });
    if (s.bands?.length) problems.push({ field: `${at}.bands`, message: 'belong to band scoring only' });
    return problems;
  }
  const bands = s.bands ?? [];
  if (!bands.length) problems.push({ field: `${at}.bands`, message: 'band scoring needs at least one band' });
  if (s.floor != null || s.target != null) problems.push({ field: `${at}.floor`, message: 'floor and target belong to linear scoring only' });
  const sorted = bands.map((b, i) => ({ ...b, i })).sort((a, b) => cents(a.from) - cents(b.from));
  sorted.forEach((b, n) => {
    if (b.to != null && cents(b.to) <= cents(b.from)) problems.push({ field: `${at}.bands[${b.i}].to`, message: 'must be above from' });
    if (cents(b.score) > max) problems.push({ field: `${at}.bands[${b.i}].score`, message: `must not exceed the rule's maximum of ${decimal(max)}` });
    const next = sorted[n + 1];
    if (next && (b.to == null || cents(next.from) < cents(b.to)))
      problems.push({ field: `${at}.bands[${next.i}].from`, message: `overlaps the band from ${b.from}${b.to == null ? '' : ` to ${b.to}`}` });
  });
  return problems;
}

function gradeProblems(grades: GradeBandInput[], total: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (new Set(grades.map((g) => g.name.trim())).size !== grades.length) problems.push({ field: 'grades', message: 'names a grade twice' });
  const sorted = grades.map((g, i) => ({ ...g, i })).sort((a, b) => cents(a.min) - cents(b.min));
  sorted.forEach((g, n) => {
    if (cents(g.max) <= cents(g.min)) problems.push({ field: `grades[${g.i}].max`, message: 'must be above min' });
    const next = sorted[n + 1];
    if (next && cents(next.min) < cents(g.max)) problems.push({ field: `grades[${next.i}].min`, message: `overlaps the grade ${g.name} (${g.min}–${g.max})` });
    if (next && cents(next.min) > cents(g.max))
      problems.push({ field: `grades[${next.i}].min`, message: `leaves a gap after the grade ${g.name}, which ends at ${g.max}` });
  });
  if (sorted.length && cents(sorted[0].min) !== 0) problems.push({ field: `grades[${sorted[0].i}].min`, message: 'the lowest grade must start at 0' });
  const top = sorted[sorted.length - 1];
  if (top && cents(top.max) !== total)
    problems.push({ field: `grades[${top.i}].max`, message: `the highest grade must end at the scheme's total, ${decimal(total)}` });
  return problems;
}

export function assertScheme(input: SchemeInput, knownMetric: (name: string) => boolean): void {
  const problems = schemeProblems(input, knownMetric);
  if (problems.length) throw new BadInputError(problems);
}
