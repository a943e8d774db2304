import { hashPassword, passwordWeakness } from '@accounts';
import { withOwnerTransaction } from '@platform/database/owner-session';

/** Creates a platform operator unless one with that username exists; returns whether it was created. */
export async function ensureOperator(ownerUrl: string, username: string, password: string, displayName = username): Promise<boolean> {
  const name = username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_.-]{2,63}$/.test(name)) throw new Error('operator username must be 3–64 characters of a–z, 0–9, _ . -');
  const weak = passwordWeakness(password, name);
  if (weak) throw new Error(`operator password ${weak}`);
  const hash = await hashPassword(password);
  return withOwnerTransaction(ownerUrl, { platform: true }, async (c) => {
    const { rowCount } = await c.query(
      `insert into platform_operator (username, display_name, password_hash) values ($1, $2, $3) on conflict (username) do nothing`,
      [name, displayName, hash],
    );
    return rowCount === 1;
  });
}
