import { loadConfig } from '../config/app-config.js';
import { contentSecurityPolicies } from './content-security-policy.js';

const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('Content-Security-Policy', () => {
  it('is strict on the app’s own pages: own scripts and styles only, no inline code, no framing', () => {
    const csp = contentSecurityPolicies(loadConfig({}));
    for (const path of ['/c/homs', '/admin', '/confirm/x', '/api/public/campaigns/homs']) {
      const d = directives(csp(path));
      expect(d['default-src']).toEqual(["'none'"]);
      expect(d['script-src']).toEqual(["'self'"]);
      expect(d['style-src']).toEqual(["'self'"]);
      expect(d['frame-ancestors']).toEqual(["'none'"]);
      expect(d['form-action']).toEqual(["'self'"]);
      expect(d['upgrade-insecure-requests']).toBeUndefined();
    }
  });

  it('lets Swagger UI and Bull Board use inline styles on their own paths only, and never inline scripts', () => {
    const csp = contentSecurityPolicies(loadConfig({}));
    for (const path of ['/api/docs', '/api/docs/swagger-ui.css', '/admin/queues', '/admin/queues/api/queues']) {
      const d = directives(csp(path));
      expect(d['style-src']).toContain("'unsafe-inline'");
      expect(d['script-src']).toEqual(["'self'"]);
    }
    expect(directives(csp('/admin/queuesX'))['style-src']).toEqual(["'self'"]);
  });

  it('opens the sign page, and only it, to the CAPTCHA provider’s widget', () => {
    const csp = contentSecurityPolicies(loadConfig({ CAPTCHA_PROVIDER: 'hcaptcha', CAPTCHA_SITE_KEY: 'k', CAPTCHA_SECRET: 's' }));
    const sign = directives(csp('/c/homs'));
    expect(sign['script-src']).toEqual(["'self'", 'https://hcaptcha.com', 'https://*.hcaptcha.com']);
    expect(sign['frame-src']).toEqual(['https://hcaptcha.com', 'https://*.hcaptcha.com']);
    expect(directives(csp('/admin'))['script-src']).toEqual(["'self'"]);
  });

  it('frames a caught message’s HTML part only from its own page, where no script runs and nothing remote loads', () => {
    const csp = contentSecurityPolicies(loadConfig({}));
    const id = '6f0c1f4e-8a53-4c38-9d1e-0b3c7c1f2a10';
    const page = directives(csp(`/admin/mail/${id}`));
    expect(page['frame-src']).toEqual(["'self'"]);
    expect(page['script-src']).toEqual(["'self'"]);
    const part = directives(csp(`/admin/mail/${id}/html`));
    expect(part['default-src']).toEqual(["'none'"]);
    expect(part['script-src']).toBeUndefined();
    expect(part['img-src']).toEqual(['data:']);
    expect(part['style-src']).toEqual(["'unsafe-inline'"]);
    expect(part['frame-ancestors']).toEqual(["'self'"]);
    expect(part.sandbox).toEqual([]);
    expect(directives(csp('/admin/mail'))['frame-src']).toBeUndefined();
  });

  it('upgrades insecure requests under https', () => {
    const csp = contentSecurityPolicies(loadConfig({ PUBLIC_URL: 'https://act.example.org' }));
    expect(directives(csp('/c/homs'))['upgrade-insecure-requests']).toEqual([]);
  });
});
