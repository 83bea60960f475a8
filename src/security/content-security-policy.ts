import type { AppConfig } from '../config/app-config.js';
import { CAPTCHA_WIDGETS } from './captcha/captcha-providers.js';

type Directives = Record<string, string[]>;

/**
 * The app's own pages (supporters' and admins') have no inline script or style and load nothing
 * from elsewhere, so they get a strict policy: only this origin's scripts, styles, images and
 * fetches; no plugins, no framing, no <base>, forms only to this origin.
 */
function strict(config: AppConfig): Directives {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'manifest-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
    ...(config.publicUrl.startsWith('https:') ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Swagger UI and Bull Board ship inline styles (and Bull Board a <base>): only their own paths get those. */
function thirdPartyUi(config: AppConfig): Directives {
  const d = strict(config);
  return { ...d, 'style-src': ["'self'", "'unsafe-inline'"], 'base-uri': ["'self'"], 'font-src': ["'self'", 'data:'] };
}

/** The sign form with a CAPTCHA: the provider's widget script and frame, and nothing more. */
function withCaptcha(config: AppConfig): Directives {
  const d = strict(config);
  if (!config.captcha) return d;
  const w = CAPTCHA_WIDGETS[config.captcha.provider].csp;
  return {
    ...d,
    'script-src': [...d['script-src'], ...w.script],
    'frame-src': w.frame,
    'style-src': [...d['style-src'], ...w.style],
    'connect-src': [...d['connect-src'], ...w.connect],
  };
}

const render = (d: Directives) =>
  Object.entries(d)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');

/** The policy of each path, rendered once at start-up. */
export function contentSecurityPolicies(config: AppConfig): (path: string) => string {
  const main = render(strict(config));
  const ui = render(thirdPartyUi(config));
  const signPage = render(withCaptcha(config));
  return (path) => {
    if (path === '/api/docs' || path.startsWith('/api/docs/') || path === '/admin/queues' || path.startsWith('/admin/queues/')) return ui;
    if (path.startsWith('/c/')) return signPage;
    return main;
  };
}
