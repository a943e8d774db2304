import { RuleKind, ScoringKind } from './evaluation.model';
import { gradeOf, schemeProblems, scoreOf } from './scoring';
import { DEMO_SCHEMES } from './demo-schemes';

describe('evaluation scoring', () => {
  const linear = { kind: ScoringKind.LINEAR, floor: '50', target: '100', bands: [] };
  const bands = {
    kind: ScoringKind.BANDS,
    floor: null,
    target: null,
    bands: [
      { from: '0', to: '1', score: '0' },
      { from: '1', to: '5', score: '2' },
      { from: '5', to: null, score: '9' },
    ],
  };

  it('linear: zero to the floor, the maximum from the target, proportional (rounded down) between, never past the maximum', () => {
    expect([0, 50, 75, 99.99, 100, 1e9].map((f) => scoreOf(linear, '4', f))).toEqual([0, 0, 200, 399, 400, 400]);
  });

  it('bands: the band holding the figure, capped at the rule maximum; none, zero', () => {
    expect([0, 0.5, 1, 4.99, 5, 500, -1].map((f) => scoreOf(bands, '4', f))).toEqual([0, 0, 200, 200, 400, 400, 0]);
  });

  it('grades: [min, max), the top band including its max', () => {
    const grades = [
      { name: '优秀', min: '90', max: '100' },
      { name: '良好', min: '80', max: '90' },
      { name: '不合格', min: '0', max: '80' },
    ];
    expect([0, 7999, 8000, 8999, 9000, 10000].map((t) => gradeOf(grades, t))).toEqual(['不合格', '不合格', '良好', '良好', '优秀', '优秀']);
  });

  it('the demo schemes are valid: their rules add up to their total', () => {
    for (const s of DEMO_SCHEMES) expect(schemeProblems(s, () => true)).toEqual([]);
    const known = new Set(['x']);
    const bad = {
      ...DEMO_SCHEMES[0],
      dimensions: [{ name: 'd', indicators: [{ name: 'i', rules: [{ name: 'r', maxScore: '1', kind: RuleKind.COMPUTED, metric: 'y', scoring: linear }] }] }],
    };
    expect(schemeProblems(bad, (m) => known.has(m)).map((p) => p.field)).toEqual(['dimensions[0].indicators[0].rules[0].metric']);
  });
});
