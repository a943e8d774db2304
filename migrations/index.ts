import { Foundation1764000000000 } from './1764000000000-foundation';
import { Staffing1764100000000 } from './1764100000000-staffing';
import { Casework1764200000000 } from './1764200000000-casework';
import { Activities1764300000000 } from './1764300000000-activities';
import { Community1764400000000 } from './1764400000000-community';
import { PolicyInitplans1764500000000 } from './1764500000000-policy-initplans';
import { StatRollup1764600000000 } from './1764600000000-stat-rollup';
import { Sessions1764700000000 } from './1764700000000-sessions';
import { OneOpenCase1764720000000 } from './1764720000000-one-open-case';
import { MetricCatalogue1764730000000 } from './1764730000000-metric-catalogue';
import { StatVersion1764740000000 } from './1764740000000-stat-version';
import { OversightRoles1764750000000 } from './1764750000000-oversight-roles';
import type { RepeatableStep } from '../libs/platform/database/provision';
import { WorkOrders1764800000000 } from './1764800000000-work-orders';
import { WorkOrderMetrics1764810000000 } from './1764810000000-work-order-metrics';
import { Evaluation1764900000000 } from './1764900000000-evaluation';
import { EvaluationEvidence1764900100000 } from './1764900100000-evaluation-evidence';
import { syncRollup } from '../libs/stats/rollup-sql';

/** Every migration, in order. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Staffing1764100000000,
  Casework1764200000000,
  Activities1764300000000,
  Community1764400000000,
  PolicyInitplans1764500000000,
  StatRollup1764600000000,
  Sessions1764700000000,
  OneOpenCase1764720000000,
  MetricCatalogue1764730000000,
  StatVersion1764740000000,
  OversightRoles1764750000000,
  WorkOrders1764800000000,
  WorkOrderMetrics1764810000000,
  Evaluation1764900000000,
  EvaluationEvidence1764900100000,
];

/**
 * Steps run after the migrations every time, as the schema owner, each in a transaction; each is
 * idempotent and checks by hash whether the code asks for anything new (the statistics rollup
 * generated from the metric catalogue).
 */
export const REPEATABLE_STEPS: readonly RepeatableStep[] = [syncRollup];
