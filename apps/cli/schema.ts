import type { SchemaSteps } from '@platform/database/provision';
import { MIGRATIONS, REPEATABLE_STEPS } from '../../migrations';

/** The schema this code runs on: every migration in order, then the repeatable steps (the statistics rollup). */
export const SCHEMA: SchemaSteps = { migrations: MIGRATIONS, repeatable: REPEATABLE_STEPS };
