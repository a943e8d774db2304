/**
 * Builds the `where` of a list query with numbered parameters, so filters stay parameterised
 * and services do not count placeholders by hand.
 */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** A placeholder (`$n`) for a value. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition on one value; `sql` receives its placeholder. */
  where(sql: (placeholder: string) => string, value: unknown): this {
    this.clauses.push(sql(this.param(value)));
    return this;
  }

  /** Adds a condition that needs no value. */
  whereRaw(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  get sql(): string {
    return this.clauses.length ? this.clauses.join(' and ') : 'true';
  }
}
