/**
 * The console as a browser without JavaScript uses it: pages by GET, forms posted
 * (application/x-www-form-urlencoded) with the CSRF token of the page they came from, cookies
 * kept, redirects seen (not followed) so a test can read where they lead.
 */
export interface ConsoleResponse {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
}

export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  /** the CSRF token of the last page read */
  csrf = '';

  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<ConsoleResponse> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookieHeader(), accept: 'text/html', ...headers }, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const token = text.match(/<meta name="csrf-token" content="([^"]+)">/)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  /** Posts a form; `_csrf` is the last page's token unless the fields say otherwise. */
  async post(path: string, fields: Record<string, string | string[]> = {}, opts: { csrf?: boolean } = {}): Promise<ConsoleResponse> {
    const body = new URLSearchParams();
    if (opts.csrf !== false && !('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: body.toString(),
      redirect: 'manual',
    });
    this.keep(res);
    const text = await res.text();
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  /** Signs in through the sign-in form; throws unless it leads on. */
  async signIn(email: string, password: string): Promise<this> {
    const r = await this.post('/console/login', { email, password, next: '/console/campaigns' }, { csrf: false });
    if (r.status !== 303) throw new Error(`sign-in of ${email}: ${r.status} ${r.text.slice(0, 300)}`);
    await this.get('/console/campaigns');
    return this;
  }
}

/** The text of a page without its tags, spaces folded: what a person reads. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
