/**
 * Where the login page sends the visitor afterwards: a path of the admin area, or /admin. Never
 * another site (`//evil.example`, `https://…`) or a path outside /admin: no open redirect.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/admin';
  return /^\/admin(?:[/?#]|$)/.test(next) && !next.includes('//') && !next.includes('\\') ? next : '/admin';
}
