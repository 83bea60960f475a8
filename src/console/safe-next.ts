/**
 * Where the sign-in page sends the visitor afterwards: a page of the console or the admin area,
 * or /console. Never another site (`//evil.example`, `https://…`): no open redirect.
 */
export function safeConsoleNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 1000) return '/console';
  return /^\/(console|admin)(?:[/?#]|$)/.test(next) && !next.includes('//') && !next.includes('\\') ? next : '/console';
}
