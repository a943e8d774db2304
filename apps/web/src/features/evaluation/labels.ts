import type { EvalSheetStage } from '../../gql/graphql';

export const STAGE: Record<EvalSheetStage, string> = {
  SELF: '站点自评',
  DISTRICT_REVIEW: '区级考评',
  THIRD_PARTY: '第三方评估',
  CONFIRMED: '市级确认',
  PUBLISHED: '已发布',
};

export const STAGE_COLOR: Record<EvalSheetStage, string> = {
  SELF: 'blue',
  DISTRICT_REVIEW: 'orange',
  THIRD_PARTY: 'purple',
  CONFIRMED: 'cyan',
  PUBLISHED: 'green',
};

/** The role that holds a sheet at each stage (the API decides; the console only offers what it will accept). */
export const HOLDER: Record<EvalSheetStage, string | null> = {
  SELF: 'STATION_HEAD',
  DISTRICT_REVIEW: 'DISTRICT_OFFICER',
  THIRD_PARTY: 'EVALUATOR',
  CONFIRMED: 'CITY_ADMIN',
  PUBLISHED: null,
};
