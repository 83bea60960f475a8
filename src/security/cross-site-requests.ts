import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestLike {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** the Host the browser addressed (Fastify's req.host, which honours TRUST_PROXY) */
  host?: string;
}

/**
 * CSRF protection: why a state-changing request must be refused as coming from another site's
 * page, or null. Browsers say where a request comes from (`Sec-Fetch-Site`, and `Origin` on
 * every POST); a page of another site can neither forge nor remove them. So:
 * - safe methods change nothing and pass;
 * - the public JSON API (`/api/public/*`) is meant to be called from partners' pages (CORS) and
 *   carries no credentials: it passes;
 * - a request with `Authorization: Bearer` carries its credential explicitly (a page of another
 *   site cannot add that header without a CORS preflight, which only /api/public/* answers): it passes;
 * - everything else (staff calls with the session cookie, the admin pages' actions, login and
 *   logout, the supporters' form and withdraw page) must come from this site: `Sec-Fetch-Site:
 *   same-origin` (or `none`: typed by the user), or, from browsers that do not send that header,
 *   an `Origin` of this site. A request with neither is not from a browser (curl, a server), and
 *   has no ambient credential to abuse: it passes.
 */
export function crossSiteRefusal(req: RequestLike, ownOrigin: string): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  if (req.url.startsWith('/api/public/')) return null;
  const auth = header(req.headers.authorization);
  if (auth && /^Bearer\s+\S+$/i.test(auth)) return null;
  const site = header(req.headers['sec-fetch-site']);
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site is ${site.slice(0, 20)}`;
  const origin = header(req.headers.origin);
  if (origin === undefined) return null;
  if (origin === ownOrigin) return null;
  if (origin !== 'null' && req.host) {
    try {
      if (new URL(origin).host === req.host.toLowerCase()) return null;
    } catch {
      // not a URL: refused below
    }
  }
  return 'Origin is another site';
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
