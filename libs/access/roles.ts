import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  CITY_ADMIN = 'CITY_ADMIN',
  DISTRICT_OFFICER = 'DISTRICT_OFFICER',
  STATION_HEAD = 'STATION_HEAD',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  SUPERVISOR = 'SUPERVISOR',
  EVALUATOR = 'EVALUATOR',
  DISPATCHER = 'DISPATCHER',
}

registerEnumType(Role, {
  name: 'Role',
  valuesMap: {
    PLATFORM_ADMIN: { description: 'SaaS operator: creates and suspends tenants; sees nothing inside them' },
    CITY_ADMIN: { description: '市级指导服务平台: the whole city; tree, stations, users, policies, statistics' },
    DISTRICT_OFFICER: { description: '区(县)民政局: monitors the district subtree; case metadata only' },
    STATION_HEAD: { description: '站长: everything at the station; manages its social workers' },
    SOCIAL_WORKER: { description: '驻站社工: the daily work of a station' },
    SUPERVISOR: { description: '督导: reads and comments on case files of assigned stations' },
    EVALUATOR: { description: '第三方评估: scores the manual rules of the stations of an evaluation round; never narratives or identity numbers' },
    DISPATCHER: { description: '派单员: receives citizen requests (12345) and dispatches them down the tree' },
  },
});

export type TenantRole = Exclude<Role, Role.PLATFORM_ADMIN>;

/** Where a role may be granted: the level of the node it is granted on. */
export const ROLE_LEVELS: Record<TenantRole, readonly number[]> = {
  [Role.CITY_ADMIN]: [1],
  [Role.DISTRICT_OFFICER]: [2],
  [Role.STATION_HEAD]: [2, 3, 4],
  [Role.SOCIAL_WORKER]: [2, 3, 4],
  [Role.SUPERVISOR]: [2, 3, 4],
  [Role.EVALUATOR]: [1, 2, 3, 4],
  [Role.DISPATCHER]: [1, 2],
};
