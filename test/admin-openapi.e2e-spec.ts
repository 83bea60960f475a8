import { expectStatus } from './helpers/api-client.js';
import { startApp, startStack, type RunningApp, type Stack } from './helpers/stack.js';

type Schema = Record<string, any>;

/** The admin monitoring routes and the answers each documents (besides 401 and 403, which all document). */
const ADMIN_ROUTES: [string, string, string[]][] = [
  ['get', '/api/admin/stats', ['200']],
  ['get', '/api/admin/stats/sent-per-minute', ['200', '400']],
  ['get', '/api/admin/deliveries', ['200', '400']],
  ['get', '/api/admin/deliveries/failures', ['200', '400']],
  ['get', '/api/admin/deliveries/{id}', ['200', '400', '404']],
  ['post', '/api/admin/deliveries/{id}/retry', ['200', '400', '404', '409']],
  ['post', '/api/admin/deliveries/retry-failed', ['200', '400', '404']],
];

/** OpenAPI at /api/docs is complete for delivery monitoring: answers with schemas, examples everywhere. */
describe('the admin monitoring API documentation', () => {
  let stack: Stack;
  let app: RunningApp;
  let doc: Schema;

  beforeAll(async () => {
    stack = await startStack();
    app = await startApp(stack);
    doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
  });
  afterAll(async () => {
    await app?.stop();
    await stack?.stop();
  });

  const resolve = (ref: string): Schema => doc.components.schemas[ref.replace('#/components/schemas/', '')];

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

  it.each(ADMIN_ROUTES)('%s %s documents its answers, each with a schema, behind a login', (method, path, statuses) => {
    const op = doc.paths[path]?.[method];
    expect(op).toBeDefined();
    expect(op.summary?.length).toBeGreaterThan(10);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining([...statuses, '401', '403']));
    for (const [status, res] of Object.entries<Schema>(op.responses)) {
      expect([status, res.description?.length > 0, Object.keys(res.content ?? {}).length > 0]).toEqual([status, true, true]);
    }
    expect(op.security).toEqual([{ bearer: [] }]);
  });

  it('gives every field of the bodies and answers, and every query parameter, an example', () => {
    const missing: string[] = [];
    for (const [method, path] of ADMIN_ROUTES) {
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

  it('documents /metrics as Prometheus text and /health, and keeps the admin pages out', () => {
    expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
    expect(doc.paths['/health']).toBeDefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/admin'))).toEqual([]);
  });
});
