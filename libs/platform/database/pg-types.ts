import { types } from 'pg';

/**
 * How values come back from PostgreSQL, once for the process. A `date` is a calendar day
 * (YYYY-MM-DD) end to end: pg would make it a JavaScript Date at the server's midnight, which each
 * query then had to undo with to_char(…). Timestamps (timestamptz) stay Dates; numerics stay
 * exact strings; ltree, unknown to pg, comes as text.
 */
types.setTypeParser(types.builtins.DATE, (value: string) => value);
