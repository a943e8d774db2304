import { Foundation1764000000000 } from './1764000000000-foundation';
import { Staffing1764100000000 } from './1764100000000-staffing';

/** Every migration, in order. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [Foundation1764000000000, Staffing1764100000000];
