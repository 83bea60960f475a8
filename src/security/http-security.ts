import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { contentSecurityPolicies } from './content-security-policy.js';
import { crossSiteRefusal } from './cross-site-requests.js';

/**
 * HTTP hardening of every answer, before any route is registered:
 * - @fastify/helmet's security headers (nosniff, frame and opener policies, no referrer, HSTS
 *   under https, ...);
 * - a Content-Security-Policy per path (content-security-policy.ts): strict on the app's pages,
 *   looser only where Swagger UI and Bull Board need it;
 * - CSRF: a state-changing request from another site's page is refused with a 403 before it
 *   reaches a route (cross-site-requests.ts).
 */
export async function registerHttpSecurity(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const https = config.publicUrl.startsWith('https:');
  await app.register(fastifyHelmet, {
    // set per path below
    contentSecurityPolicy: false,
    // HSTS only means something over https; a development server on http must not ask for it
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
    // partners' pages call /api/public/* with CORS: that is not cross-origin embedding
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // no route takes text/plain, the one body type a page of another site can post as JSON without a
  // CORS preflight: such a body is a 415, like any other type no route takes
  fastify.removeContentTypeParser('text/plain');
  const csp = contentSecurityPolicies(config);
  const ownOrigin = new URL(config.publicUrl).origin;
  fastify.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?', 1)[0];
    reply.header('content-security-policy', csp(path));
    const refusal = crossSiteRefusal({ method: req.method, url: path, headers: req.headers, host: req.host }, ownOrigin);
    if (!refusal) return done();
    reply
      .code(403)
      .header('cache-control', 'no-store')
      .send({
        statusCode: 403,
        message: `Cross-site request refused: this action must be sent from a page of this site (${refusal})`,
        error: 'Forbidden',
      });
  });
}
