import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateToken } from './tokens';

export interface AdminTokenResult {
  token: string;
  /** Where the generated token is kept, or null when it came from ADMIN_TOKEN. */
  file: string | null;
  /** True only on the start that generated it: the one time it is printed. */
  generated: boolean;
}

/** ADMIN_TOKEN if set; otherwise the token kept in the data folder, generated at first start. */
export async function resolveAdminToken(configured: string | null, dataDir: string): Promise<AdminTokenResult> {
  if (configured !== null) return { token: configured, file: null, generated: false };
  const file = path.join(dataDir, 'admin-token');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return { token: stored, file, generated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const token = generateToken('dwa');
  // 'wx' fails if another process created it meanwhile; then use theirs.
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveAdminToken(null, dataDir);
    throw error;
  }
  return { token, file, generated: true };
}

/** The admin token without creating one: ADMIN_TOKEN, else the data folder's file, else null. */
export async function readAdminToken(configured: string | null, dataDir: string): Promise<string | null> {
  if (configured !== null) return configured;
  try {
    const stored = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
    return stored.length >= 16 ? stored : null;
  } catch {
    return null;
  }
}
