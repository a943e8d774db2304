/**
 * The console's one map from the API's error shape (extensions.code, rule, fields, reason) to
 * Chinese. API messages are English and never shown as they are.
 */

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ErrorExtensions {
  code?: string;
  fields?: FieldProblem[];
  rule?: string;
  reason?: string;
  retryAfterSeconds?: number;
  existingId?: string;
  field?: string;
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: ErrorExtensions = {},
  ) {
    super(message);
  }

  get fields(): FieldProblem[] {
    const own = this.extensions.fields ?? [];
    // A CONFLICT about a duplicate names its field too (idNumber): show it on that field.
    if (!own.length && this.code === 'CONFLICT' && this.extensions.field) return [{ field: this.extensions.field, message: 'duplicate' }];
    return own;
  }
}

export const CODE_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '您的角色无权进行此操作',
  NOT_FOUND: '未找到该记录，或您无权查看',
  BAD_USER_INPUT: '填写的内容有误，请检查标红的字段',
  CONFLICT: '记录已存在',
  RULE_VIOLATED: '该操作不符合业务规则',
  TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试',
  NETWORK: '无法连接服务器，请检查网络后重试',
  INTERNAL_SERVER_ERROR: '服务器出现问题，请稍后再试或联系管理员',
};

/** Domain rules (extensions.rule) by name. */
export const RULE_MESSAGES: Record<string, string> = {
  'evaluation.scheme-frozen': '该评估方案已被评估轮次使用，已冻结；请复制为新版本后再修改',
  'evaluation.wrong-stage': '该评估表当前不在您的环节',
  'evaluation.computed-rule': '自动计算的指标由平台数据得出，不能手工评分',
  'evaluation.scores-incomplete': '仍有人工评分指标未评分，不能提交',
  'evaluation.round-not-confirmed': '仍有评估表未经市级确认，不能发布',
  'evaluation.round-published': '该轮评估已发布，不能再修改',
  'evaluation.not-published': '该轮评估尚未发布，结果暂不公开',
  'case.one-open-case': '此人已有未结案的个案：一人一案',
  'case.file-held': '此人的档案由其他社工负责：请由站长开案并指派，或办理转案',
  'case.closure-open-goals': '计划中仍有未完成的目标，结案前请确认',
  'case.assessment-required': '请先完成预估，再制定计划',
  'case.plan-goals-required': '计划至少需要一个目标，才能进入介入阶段',
  'case.service-record-required': '介入阶段至少需要一条服务记录，才能进入评估',
  'case.evaluation-required': '请先填写评估，再申请结案',
  'case.closure-from-evaluation': '只有在评估阶段才能申请结案',
  'case.closure-needs-approval': '结案需经站长审批结案申请',
  'case.closure-pending': '已有结案申请在等待站长审批',
  'case.no-pending-closure': '没有待审批的结案申请',
  'case.closed': '个案已结案；如需修改请先重新开启',
  'case.stage-forward-only': '个案阶段只能向前推进',
  'case.stage-one-step': '个案阶段一次只能推进一步',
  'case.reopen-backward': '重新开启只能回到更早的阶段',
  'case.transfer-closed': '已结案的个案不能转案，请先重新开启',
  'activity.voided': '该记录已作废，不能再修改',
  'group.stage-forward-only': '小组阶段只能向后推进',
  'supervision.resolve-thread': '请标记发起讨论的那条督导意见为已解决',
  'case.assessment-stage': '个案进入预估阶段后才能填写预估',
  'case.plan-stage': '个案进入计划阶段后才能制定计划和目标',
  'case.evaluation-stage': '个案进入评估阶段后才能填写评估',
  'min-staff': '站点人员不足',
  'work-order.not-dispatchable': '工单已被签收或已办结，不能再派单',
  'work-order.not-at-station': '工单不在本站待签收或办理中',
  'work-order.closed': '工单已办结',
  'work-order.not-closed': '工单尚未办结，不能回访',
  'work-order.callback-done': '该工单已回访',
  'work-order.reopen-satisfied': '只有回访不满意的工单才能重启',
  'work-order.extension-pending': '已有延期申请待审批',
  'work-order.no-pending-extension': '没有待审批的延期申请',
};

/** Field names of inputs, in Chinese (the last part of a dotted path). */
export const FIELD_LABELS: Record<string, string> = {
  stationId: '承办站点',
  name: '姓名',
  idNumber: '身份证号',
  gender: '性别',
  birthDate: '出生日期',
  phone: '联系电话',
  address: '住址',
  categories: '服务对象类别',
  riskLevel: '风险等级',
  communityId: '所在社区',
  notes: '备注',
  relation: '关系',
  presentingProblem: '主要问题',
  intakeSource: '来源',
  openedOn: '接案日期',
  workerId: '负责社工',
  toWorkerId: '接收社工',
  fromWorkerId: '移交社工',
  summary: '摘要',
  reason: '原因',
  noteDate: '记录日期',
  durationMinutes: '时长（分钟）',
  narrative: '记录内容',
  kind: '方式',
  description: '描述',
  targetDate: '目标日期',
  body: '内容',
  visitDate: '探访日期',
  findings: '探访情况',
  title: '活动名称',
  activityDate: '活动日期',
  participantCount: '参与人次',
  participants: '参与者',
  nodeId: '活动地点（社区）',
  catalogItemId: '服务项目',
  goal: '小组目标',
  plannedSessions: '计划节次',
  startDate: '开始日期',
  endDate: '结束日期',
  facilitatorIds: '带领社工',
  sessionDate: '活动日期',
  topic: '主题',
  attendeeIds: '出席组员',
  residentName: '居民姓名',
  serviceDate: '服务日期',
  hours: '服务时长',
  registeredOn: '登记日期',
  developerId: '发展社工',
  skills: '技能',
  username: '用户名',
  password: '密码',
  tenant: '城市代码',
  filedOn: '备案日期',
  comment: '意见',
  maxScore: '满分',
  metric: '统计指标',
  score: '得分',
  min: '下限',
  max: '上限',
  grades: '等级',
};

/** Known English messages, by pattern, in Chinese; anything else falls back to a plain sentence. */
const MESSAGE_PATTERNS: [RegExp, string][] = [
  [/^duplicate$|already registered/, '已登记过（一人一档）'],
  [/must be 18 characters/, '应为 18 位：17 位数字加最后一位数字或 X'],
  [/impossible birth date/, '其中的出生日期不存在'],
  [/wrong check character/, '校验位不正确，请核对'],
  [/must not be in the future/, '不能晚于今天'],
  [/must not be before/, '不能早于开始日期'],
  [/agree with|does not match/, '与身份证号不一致'],
  [/within the station’s area|station’s node or one below/, '须在本站辖区内'],
  [/should not be empty|must not be empty|is required|must be longer/, '不能为空'],
  [/active social worker or head of this station/, '须为本站在岗的社工或站长'],
  [/must be a social worker of the station|work at the station|works at/, '须为本站社工'],
  [/every attendee must be a member/, '出席者须为小组成员'],
  [/names more people than participantCount/, '参与者人数超过参与人次'],
  [/must be more than 0/, '须大于 0'],
  [/is already the responsible worker/, '已是该个案的负责社工'],
  [/must differ from/, '不能与移交社工相同'],
  [/is not a note of this case/, '不是本个案的记录'],
  [/past its total/, '各指标满分之和超过方案总分'],
  [/must not exceed the rule's maximum/, '不能超过该指标满分'],
  [/is not a known metric/, '不是平台已有的统计指标'],
  [/overlaps/, '与其他区间重叠'],
  [/leaves a gap|must start at 0|must end at the scheme's total/, '等级区间须从 0 连续覆盖到总分'],
  [/say why/, '请填写退回理由'],
  [/is not your current password/, '当前密码不正确'],
  [/must be a street or community station/, '只能派往辖区内的街道或社区站点'],
  [/must be (a|an) (positive|whole|integer)|must be an integer|must not be less than|must not be greater than/, '数值超出范围'],
];

export function fieldLabel(field: string): string {
  const last = field.split('.').pop() ?? field;
  return FIELD_LABELS[last] ?? last;
}

export function fieldMessage(problem: FieldProblem): string {
  for (const [pattern, zh] of MESSAGE_PATTERNS) if (pattern.test(problem.message)) return zh;
  return `${fieldLabel(problem.field)}填写有误`;
}

/** One sentence for a message bar or a notification. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return CODE_MESSAGES.NETWORK;
  const ext = error.extensions;
  if (error.code === 'RULE_VIOLATED') return (ext.rule && RULE_MESSAGES[ext.rule]) || CODE_MESSAGES.RULE_VIOLATED;
  if (error.code === 'TOO_MANY_REQUESTS' && ext.retryAfterSeconds) return `操作过于频繁，请 ${Math.max(1, Math.ceil(ext.retryAfterSeconds / 60))} 分钟后再试`;
  if (error.code === 'BAD_USER_INPUT' && error.fields.length) return error.fields.map((f) => `${fieldLabel(f.field)}：${fieldMessage(f)}`).join('；');
  if (error.code === 'CONFLICT' && ext.field === 'idNumber') return '该身份证号已登记过（一人一档）';
  if (error.code === 'CONFLICT' && ext.field === 'version') return '该评估表已被他人修改，请刷新后重试';
  return CODE_MESSAGES[error.code] ?? CODE_MESSAGES.INTERNAL_SERVER_ERROR;
}

/** What the sign-in form says for each way signing in can fail. */
export function describeSignInError(error: unknown): string {
  if (!(error instanceof ApiError)) return CODE_MESSAGES.NETWORK;
  if (error.extensions.reason === 'TENANT_SUSPENDED') return '该城市的平台已暂停使用，请联系平台运营方';
  if (error.code === 'UNAUTHENTICATED') return '城市代码、用户名或密码不正确';
  if (error.code === 'TOO_MANY_REQUESTS') {
    const minutes = Math.max(1, Math.ceil((error.extensions.retryAfterSeconds ?? 900) / 60));
    return `登录失败次数过多，账号已暂时锁定，请 ${minutes} 分钟后再试`;
  }
  return describeError(error);
}
