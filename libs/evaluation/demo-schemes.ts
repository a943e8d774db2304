import { PeriodKind, RuleInput, RuleKind, SchemeInput, ScoringKind } from './evaluation.model';

const manual = (name: string, maxScore: number): RuleInput => ({ name, maxScore: String(maxScore), kind: RuleKind.MANUAL });
const linear = (name: string, maxScore: number, metric: string, floor: number, target: number): RuleInput => ({
  name,
  maxScore: String(maxScore),
  kind: RuleKind.COMPUTED,
  metric,
  scoring: { kind: ScoringKind.LINEAR, floor: String(floor), target: String(target) },
});
const bands = (name: string, maxScore: number, metric: string, steps: [number, number | null, number][]): RuleInput => ({
  name,
  maxScore: String(maxScore),
  kind: RuleKind.COMPUTED,
  metric,
  scoring: {
    kind: ScoringKind.BANDS,
    bands: steps.map(([from, to, score]) => ({ from: String(from), to: to === null ? null : String(to), score: String(score) })),
  },
});
const GRADES = [
  { name: '优秀', min: '90', max: '100' },
  { name: '良好', min: '80', max: '90' },
  { name: '合格', min: '60', max: '80' },
  { name: '不合格', min: '0', max: '60' },
];

/** Shaped like Jinan's yearly assessment: six dimensions, a three-level tree of 37 rules, four grades. */
export const JINAN_SCHEME: SchemeInput = {
  name: '街镇社工站年度评估（济南式）',
  periodKind: PeriodKind.YEAR,
  stationLevels: [3],
  total: '100',
  grades: GRADES,
  dimensions: [
    {
      name: '日常运营',
      indicators: [
        { name: '场所与开放', rules: [manual('阵地面积与功能室达标', 2), manual('按时开放并公示服务时间', 2)] },
        {
          name: '数据报送',
          rules: [linear('每月按时报送服务数据', 4, 'reportingCompleteness', 50, 100), linear('接受督导并形成督导意见', 2, 'supervisionComments', 0, 6)],
        },
        { name: '档案管理', rules: [manual('服务档案规范完整', 3), manual('三务公开', 2)] },
      ],
    },
    {
      name: '财务管理',
      indicators: [
        { name: '资金使用', rules: [manual('专款专用', 3), manual('预算执行', 2)] },
        { name: '财务制度', rules: [manual('财务制度健全', 2), manual('票据凭证规范', 1)] },
        { name: '慈善资源', rules: [linear('链接慈善资金', 2, 'charityMoney', 0, 20000)] },
      ],
    },
    {
      name: '制度建设',
      indicators: [
        { name: '内部制度', rules: [manual('岗位职责与工作制度', 2), manual('服务流程与标准', 2)] },
        { name: '安全与风险', rules: [manual('安全管理与应急预案', 2), manual('服务对象隐私保护', 2)] },
        { name: '督导制度', rules: [manual('定期接受专业督导', 2)] },
      ],
    },
    {
      name: '人员配备',
      indicators: [
        { name: '配备达标', rules: [linear('人员配备达标（达标天数占比）', 6, 'staffingCompliance', 60, 100)] },
        { name: '专业化', rules: [manual('持证社工比例', 3), manual('继续教育与培训', 3)] },
        { name: '人员稳定', rules: [manual('人员变动按时备案', 2), manual('驻站社工稳定性', 2)] },
        { name: '志愿者队伍', rules: [linear('培育常态化志愿者', 4, 'volunteersRegistered', 0, 30)] },
      ],
    },
    {
      name: '服务成效',
      indicators: [
        {
          name: '服务总量',
          rules: [
            linear('服务总量', 5, 'totalServices', 0, 600),
            bands('个案结案', 4, 'casesClosed', [
              [0, 1, 0],
              [1, 5, 2],
              [5, null, 4],
            ]),
          ],
        },
        { name: '小组与活动', rules: [linear('小组工作节次', 3, 'groupSessions', 0, 24), linear('社区活动', 3, 'communityActivities', 0, 24)] },
        { name: '探访', rules: [linear('入户探访', 4, 'homeVisits', 0, 200)] },
        {
          name: '五社联动',
          rules: [
            linear('五社联动项目', 2, 'linkages', 0, 6),
            bands('新培育社区社会组织', 2, 'organizationsNewlyCultivated', [
              [0, 1, 0],
              [1, 2, 1],
              [2, null, 2],
            ]),
          ],
        },
        { name: '品牌与创新', rules: [manual('服务品牌项目', 3), manual('典型案例', 2), linear('志愿服务时长', 2, 'volunteerHours', 0, 500)] },
      ],
    },
    {
      name: '社会评价',
      indicators: [
        { name: '满意度', rules: [manual('服务对象满意度', 5), manual('村（社区）评价', 3)] },
        { name: '社会影响', rules: [manual('媒体宣传报道', 2), manual('获得表彰', 2), manual('投诉处理', 3)] },
      ],
    },
  ],
};

const one = (rule: RuleInput) => ({ name: rule.name, rules: [rule] });

/** Shaped like Haining's SPPE scheme: Standard, Professional, Planning, Effect, 23 indicators, scored every quarter (一季一赛). */
export const SPPE_SCHEME: SchemeInput = {
  name: '社工站SPPE季度评比（海宁式）',
  periodKind: PeriodKind.QUARTER,
  stationLevels: [3],
  total: '100',
  grades: GRADES,
  dimensions: [
    {
      name: '标准化（Standard）',
      indicators: [
        one(manual('阵地标识统一', 4)),
        one(manual('服务时间公示', 4)),
        one(manual('制度上墙', 4)),
        one(manual('台账规范', 5)),
        one(linear('数据按月报送', 4, 'reportingCompleteness', 0, 100)),
        one(linear('人员配备达标', 4, 'staffingCompliance', 50, 100)),
      ],
    },
    {
      name: '专业化（Professional）',
      indicators: [
        one(manual('持证社工占比', 5)),
        one(linear('专业督导', 4, 'supervisionComments', 0, 3)),
        one(linear('个案结案', 4, 'casesClosed', 0, 3)),
        one(linear('小组工作', 4, 'groupSessions', 0, 6)),
        one(manual('专业培训', 4)),
        one(manual('服务评估规范', 4)),
      ],
    },
    {
      name: '计划性（Planning）',
      indicators: [
        one(manual('季度服务计划', 5)),
        one(manual('需求调研', 4)),
        one(manual('计划执行率', 4)),
        one(manual('资源链接计划', 3)),
        one(linear('志愿者发展', 4, 'volunteersRegistered', 0, 30)),
      ],
    },
    {
      name: '成效（Effect）',
      indicators: [
        one(linear('服务总量', 6, 'totalServices', 0, 150)),
        one(linear('重点对象探访', 6, 'homeVisits', 0, 60)),
        one(linear('社区活动', 4, 'communityActivities', 0, 6)),
        one(linear('五社联动', 4, 'linkages', 0, 2)),
        one(manual('服务对象满意度', 6)),
        one(manual('亮点与创新', 4)),
      ],
    },
  ],
};

export const DEMO_SCHEMES: readonly SchemeInput[] = [JINAN_SCHEME, SPPE_SCHEME];
