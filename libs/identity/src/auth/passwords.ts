import bcrypt from 'bcryptjs';

const COST = 10;
// Compared against when the login is unknown, so both failures take the same time.
const DECOY_HASH = bcrypt.hashSync('decoy-password-never-matches', COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DECOY_HASH);
  return ok && hash !== null;
}
