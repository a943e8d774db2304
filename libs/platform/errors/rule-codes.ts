import { registerEnumType } from '@nestjs/graphql';

/**
 * Every domain rule a request can break, each with the Chinese message a user reads. An error
 * RULE_VIOLATED carries its code in `extensions.rule` (typed: a RuleViolatedError takes only a code
 * listed here); the schema lists them all with their messages (the RuleCode enum and `ruleCodes`).
 */
export const RULE_MESSAGES = {
  'activity.voided': '该记录已作废，作为历史保留，不能再修改',
  'case.closed': '个案已结案；如需修改请先重开个案',
  'case.assessment-stage': '个案尚未进入预估阶段，不能填写预估',
  'case.plan-stage': '个案尚未进入计划阶段，不能填写计划或目标',
  'case.evaluation-stage': '个案尚未进入评估阶段，不能填写评估',
  'case.assessment-required': '请先完成预估，再进入计划阶段',
  'case.plan-goals-required': '服务计划至少需要一个目标，才能进入介入阶段',
  'case.service-record-required': '介入阶段至少需要一条服务记录，才能进入评估阶段',
  'case.evaluation-required': '请先完成评估，再申请结案',
  'case.stage-forward-only': '个案阶段只能向前推进；如需退回请使用重开',
  'case.stage-one-step': '个案阶段需逐级推进，不能跳过',
  'case.reopen-backward': '重开只能退回到之前的阶段',
  'case.closure-from-evaluation': '只有处于评估阶段的个案才能申请结案',
  'case.closure-pending': '已有结案申请待站长审批',
  'case.closure-needs-approval': '结案需经站长审批',
  'case.no-pending-closure': '没有待审批的结案申请',
  'case.closure-open-goals': '仍有未完成的计划目标：请先处理，或确认接受未完成目标后再批准',
  'case.transfer-closed': '已结案的个案不能转介，请先重开',
  'case.one-open-case': '该服务对象已有在办个案：一人一案',
  'case.file-held': '该服务对象的档案由其他社工负责：请由站长开案并指派，或办理转介',
  'group.stage-forward-only': '小组阶段只能向前推进',
  'staff.already-ended': '该人员已离岗，不能再次登记离岗',
  'supervision.resolve-thread': '请在督导意见的首条上标记已解决，而不是在回复上',
  'min-staff': '站点人员配备不足',
  'work-order.not-dispatchable': '工单已被签收或已办结，不能再派单',
  'work-order.not-at-station': '工单不在本站待签收或办理中',
  'work-order.closed': '工单已办结；如需继续办理请先重启',
  'work-order.not-closed': '工单尚未办结，不能回访',
  'work-order.callback-done': '该工单已回访',
  'work-order.reopen-satisfied': '只有回访不满意的工单才能重启',
  'work-order.extension-pending': '已有延期申请待派单员审批',
  'work-order.no-pending-extension': '没有待审批的延期申请',
  'evaluation.scheme-frozen': '该评估方案已被评估轮次使用，已冻结；请复制为新版本后再修改',
  'evaluation.wrong-stage': '该评估表当前不在您的环节，不能修改、提交或退回',
  'evaluation.computed-rule': '自动计算的指标由平台数据得出，不能手工评分',
  'evaluation.scores-incomplete': '仍有手工评分指标未评分，不能提交',
  'evaluation.no-stations': '该范围内没有适用此评估方案的站点',
  'evaluation.period-kind': '评估周期与方案不符：季度方案须指定季度，年度方案不能指定季度',
  'evaluation.round-not-confirmed': '仍有评估表未经市级确认，不能发布',
  'evaluation.round-published': '该轮评估已发布，不能再修改',
  'evaluation.not-published': '该轮评估尚未发布，结果暂不公开',
} as const;

export type RuleCode = keyof typeof RULE_MESSAGES;

/** The GraphQL name of a code: case.one-open-case → CASE_ONE_OPEN_CASE. */
export const ruleName = (code: string) => code.replace(/[.-]/g, '_').toUpperCase();

/** The enum of the schema: names as above, values the codes carried in `extensions.rule`. */
export const RuleCodeEnum = Object.fromEntries(Object.keys(RULE_MESSAGES).map((code) => [ruleName(code), code])) as Record<string, RuleCode>;
registerEnumType(RuleCodeEnum, {
  name: 'RuleCode',
  description: 'A domain rule; RULE_VIOLATED names it in extensions.rule',
  valuesMap: Object.fromEntries(Object.entries(RULE_MESSAGES).map(([code, message]) => [ruleName(code), { description: message }])),
});
