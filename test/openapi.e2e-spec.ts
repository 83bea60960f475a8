import { expectStatus, type UntypedJson } from './helpers/api-client.js';
import { useStack } from './helpers/use-stack.js';

type Schema = Record<string, UntypedJson>;

/** The staff routes and the answers each documents (besides 401 and 403, which all document). */
const STAFF_ROUTES: [string, string, string[]][] = [
  ['post', '/api/auth/login', ['200', '400', '401', '429']],
  ['post', '/api/users', ['201', '400', '409']],
  ['get', '/api/users', ['200']],
  ['patch', '/api/users/{id}', ['200', '400', '404', '409']],
  ['post', '/api/users/{id}/password-reset', ['200', '404']],
  ['post', '/api/auth/password', ['200', '400']],
  ['post', '/api/targets', ['201', '400', '409']],
  ['get', '/api/targets', ['200', '400']],
  ['post', '/api/targets/import', ['200', '400', '413', '415']],
  ['get', '/api/targets/{id}', ['200', '400', '404']],
  ['patch', '/api/targets/{id}', ['200', '400', '404', '409']],
  ['delete', '/api/targets/{id}', ['200', '400', '404']],
  ['post', '/api/campaigns', ['201', '400', '409']],
  ['get', '/api/campaigns', ['200', '400']],
  ['get', '/api/campaigns/{id}', ['200', '400', '404']],
  ['patch', '/api/campaigns/{id}', ['200', '400', '404', '409']],
  ['post', '/api/campaigns/{id}/preview', ['200', '400', '404']],
  ['get', '/api/campaigns/{id}/letters', ['200', '400', '404']],
  ['post', '/api/campaigns/{id}/test-send', ['202', '400', '404']],
  ['post', '/api/campaigns/{id}/launch', ['200', '404', '409']],
  ['post', '/api/campaigns/{id}/resume', ['200', '404', '409']],
  ['post', '/api/campaigns/{id}/pause', ['200', '404', '409']],
  ['post', '/api/campaigns/{id}/close', ['200', '404', '409']],
  ['post', '/api/campaigns/{id}/targets', ['201', '400', '404', '409']],
  ['post', '/api/campaigns/{id}/targets/{targetId}/launch', ['200', '202', '400', '404', '409']],
  ['delete', '/api/campaigns/{id}/targets/{targetId}', ['200', '400', '404']],
  ['get', '/api/admin/audit', ['200', '400']],
  ['get', '/api/admin/audit/actions', ['200']],
];

/** The admin monitoring routes and the answers each documents (besides 401 and 403). */
const ADMIN_ROUTES: [string, string, string[]][] = [
  ['get', '/api/admin/stats', ['200']],
  ['get', '/api/admin/stats/sent-per-minute', ['200', '400']],
  ['get', '/api/admin/deliveries', ['200', '400']],
  ['get', '/api/admin/deliveries/failures', ['200', '400']],
  ['get', '/api/admin/deliveries/{id}', ['200', '400', '404']],
  ['post', '/api/admin/deliveries/{id}/retry', ['200', '400', '404', '409']],
  ['post', '/api/admin/deliveries/retry-failed', ['200', '400', '404']],
];

/** Public routes documented like the staff ones (no 401 or 403: anyone may call them). */
const OPEN_ROUTES: [string, string, string[]][] = [['get', '/api/public/campaigns/{slug}', ['200', '400', '404']]];

const ROUTES = [...STAFF_ROUTES, ...ADMIN_ROUTES, ...OPEN_ROUTES];
/** the routes anyone may call */
const PUBLIC_ROUTES = new Set(['/api/auth/login', ...OPEN_ROUTES.map(([, path]) => path)]);

/** OpenAPI at /api/docs, generated from the controllers and DTOs: complete for the staff and admin side. */
describe('the API documentation', () => {
  const { app } = useStack();
  let doc: Schema;

  beforeAll(async () => {
    doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
  });

  const resolve = (ref: string): Schema => doc.components.schemas[ref.replace('#/components/schemas/', '')];

  /** Every schema a route's body and answers use, followed through $ref, items and allOf. */
  function schemasOf(op: Schema): Map<string, Schema> {
    const found = new Map<string, Schema>();
    const visit = (s: Schema | undefined) => {
      if (!s) return;
      if (s.$ref) {
        const name = s.$ref.replace('#/components/schemas/', '');
        if (found.has(name)) return;
        found.set(name, resolve(s.$ref));
        return visit(resolve(s.$ref));
      }
      for (const key of ['items', 'additionalProperties']) if (typeof s[key] === 'object') visit(s[key]);
      for (const key of ['allOf', 'oneOf', 'anyOf']) (s[key] ?? []).forEach(visit);
      Object.values(s.properties ?? {}).forEach((p) => visit(p as Schema));
    };
    for (const media of Object.values(op.requestBody?.content ?? {})) visit((media as Schema).schema);
    for (const res of Object.values(op.responses ?? {})) for (const media of Object.values((res as Schema).content ?? {})) visit((media as Schema).schema);
    return found;
  }

  it('serves the interactive documentation', async () => {
    const page = await app.api.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
  });

  it.each(ROUTES)('%s %s documents its answers, each with a schema', (method, path, statuses) => {
    const op = doc.paths[path]?.[method];
    expect(op).toBeDefined();
    expect(op.summary?.length ?? op.description?.length ?? 0).toBeGreaterThan(0);
    const documented = Object.keys(op.responses);
    const expected = PUBLIC_ROUTES.has(path) ? statuses : [...statuses, '401', '403'];
    expect(documented).toEqual(expect.arrayContaining(expected));
    for (const status of documented.filter((s) => s !== '204')) {
      expect([status, op.responses[status].description?.length > 0]).toEqual([status, true]);
      expect([status, Object.keys(op.responses[status].content ?? {}).length > 0]).toEqual([status, true]);
    }
    if (!PUBLIC_ROUTES.has(path)) expect(op.security).toEqual([{ bearer: [] }]);
  });

  it('gives every field of the bodies and answers, and every query parameter, an example', () => {
    const missing: string[] = [];
    for (const [method, path] of ROUTES) {
      const op = doc.paths[path][method];
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.example === undefined && p.schema?.example === undefined) missing.push(`${method} ${path} ?${p.name}`);
      }
      for (const [name, schema] of schemasOf(op)) {
        for (const [field, prop] of Object.entries<Schema>(schema.properties ?? {})) {
          const nested = prop.$ref || prop.allOf || prop.items?.$ref;
          if (!nested && prop.example === undefined) missing.push(`${name}.${field}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes the CSV import body as text/csv with an example file', () => {
    const body = doc.paths['/api/targets/import'].post.requestBody.content['text/csv'];
    expect(body.schema.example).toMatch(/^name,title,organization,country,email,locale\n/);
  });

  it('documents /metrics as Prometheus text and /health, and keeps the admin pages out', () => {
    expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
    expect(doc.paths['/health']).toBeDefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/admin'))).toEqual([]);
  });
});
