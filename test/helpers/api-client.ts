export interface ApiResponse<T = any> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

/** A small HTTP client for the app under test, as any API user would call it. */
export class ApiClient {
  constructor(
    readonly base: string,
    readonly token: string | null = null,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      if (typeof body === 'string') payload = body;
      else {
        h['content-type'] ??= 'application/json';
        payload = JSON.stringify(body);
      }
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a page)
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  get = <T = any>(path: string) => this.call<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.call<T>('POST', path, body);
  patch = <T = any>(path: string, body?: unknown) => this.call<T>('PATCH', path, body);
  delete = <T = any>(path: string) => this.call<T>('DELETE', path);

  async login(email: string, password: string): Promise<ApiClient> {
    const r = await this.post('/api/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
    return new ApiClient(this.base, r.json.accessToken);
  }
}

/** Asserts the status and answers the JSON body. */
export function expectStatus<T = any>(r: ApiResponse<T>, ...ok: number[]): T {
  if (!ok.includes(r.status)) throw new Error(`expected ${ok.join('/')} got ${r.status}: ${r.text.slice(0, 500)}`);
  return r.json;
}
