/**
 * What production (NODE_ENV=production) refuses to start with, beyond a missing variable: a
 * guessable JWT_SECRET, a default or weak ADMIN_PASSWORD, and mail (with its password) sent in
 * clear text across the network. Each refusal names its variable and what would be accepted.
 */
export interface ProductionSecrets {
  JWT_SECRET?: string;
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
  SMTP_URL?: string;
  SMTP_ALLOW_INSECURE?: boolean;
}

export function productionRefusals(env: ProductionSecrets): string[] {
  const problems: string[] = [];
  const secret = env.JWT_SECRET === undefined ? null : weakSecret(env.JWT_SECRET);
  if (secret) problems.push(`JWT_SECRET: ${secret} (generate one with: openssl rand -base64 48)`);
  const password = env.ADMIN_PASSWORD === undefined ? null : weakPassword(env.ADMIN_PASSWORD, env.ADMIN_EMAIL);
  if (password) problems.push(`ADMIN_PASSWORD: ${password}`);
  const smtp = env.SMTP_URL === undefined || env.SMTP_ALLOW_INSECURE ? null : insecureSmtp(env.SMTP_URL);
  if (smtp) problems.push(`SMTP_URL: ${smtp}, or set SMTP_ALLOW_INSECURE=true if the network between them is trusted`);
  return problems;
}

/** At least this many bits by a per-character (Shannon) estimate: repetitive or patterned strings fall short. */
const MIN_SECRET_BITS = 80;
const MIN_SECRET_DISTINCT = 10;
const PLACEHOLDERS = /change.?me|your.?(?:jwt.?)?secret|replace.?me|placeholder|example|xxxxxx|^(.)\1+$/i;

/** Why a signing secret is guessable, or null when it is not. */
export function weakSecret(secret: string): string | null {
  if (secret.length < 24) return 'is too short: use at least 32 random characters';
  if (PLACEHOLDERS.test(secret)) return 'looks like a placeholder: use a random value';
  const distinct = new Set(secret).size;
  if (distinct < MIN_SECRET_DISTINCT || estimatedBits(secret) < MIN_SECRET_BITS) {
    return 'has too little variety to be secret: use a random value of at least 32 characters';
  }
  return null;
}

/** Passwords that installation guides, examples and this project's own tests use. */
const KNOWN_PASSWORDS = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd',
  'changeme',
  'changeme123',
  'admin',
  'admin123',
  'administrator',
  'letmein',
  'qwerty',
  'qwertyuiop',
  'secret',
  'welcome',
  'welcome123',
  'iloveyou',
  '123456789012',
  '1234567890123',
  'correct horse battery staple',
  'test-admin-password-1',
  'appeals',
  'appeals-admin',
]);

/** Why an admin password is a default or weak one, or null when it is not. */
export function weakPassword(password: string, email?: string): string | null {
  const p = password.trim().toLowerCase();
  if (password.length < 12) return 'must be at least 12 characters';
  if (KNOWN_PASSWORDS.has(p) || /^(admin|password|changeme|appeals)[\W_]*\d*[\W_]*$/.test(p)) return 'is a well-known default password';
  const local = email?.split('@')[0]?.toLowerCase();
  if (email && (p === email.toLowerCase() || (local && local.length >= 4 && p.replace(/[\W_\d]+/g, '') === local.replace(/[\W_\d]+/g, '')))) {
    return 'must not be the admin email address';
  }
  if (new Set(password).size < 6) return 'has too little variety (at least 6 different characters)';
  return null;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Why mail to SMTP_URL would cross the network in clear text, or null: smtps:// (TLS from the
 * start), smtp:// with ?requireTLS=true (STARTTLS or nothing), or a server on this machine.
 */
export function insecureSmtp(smtpUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(smtpUrl);
  } catch {
    return null; // the schema reports a malformed URL
  }
  if (u.searchParams.get('tls.rejectUnauthorized') === 'false') {
    return 'turns off TLS certificate checks (tls.rejectUnauthorized=false): for a relay with a self-signed or private-CA certificate, give its CA in SMTP_CA_FILE instead';
  }
  if (u.protocol === 'smtps:') return null;
  if (u.searchParams.get('requireTLS') === 'true') return null;
  const host = u.hostname.toLowerCase();
  if (LOCAL_HOSTS.has(host) || host.startsWith('127.')) return null;
  return `smtp:// to ${host} sends mail${u.password ? ' and the SMTP password' : ''} without TLS: use smtps://, or smtp://…?requireTLS=true for STARTTLS`;
}

function estimatedBits(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * s.length;
}
