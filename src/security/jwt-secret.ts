import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';

/**
 * JWT_SECRET, or outside production a secret generated once and kept in the settings table, so
 * that tokens survive restarts and every process of one installation agrees.
 */
export async function resolveJwtSecret(config: AppConfig, db: DataSource): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.production) throw new Error('JWT_SECRET is required when NODE_ENV=production');
  await db.query(`INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(48).toString('base64url')]);
  const [row]: { value: string }[] = await db.query(`SELECT value FROM settings WHERE key = 'jwt_secret'`);
  return row.value;
}
