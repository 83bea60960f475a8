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

/** A caught message's page (/admin/mail/:id) frames the message's HTML part from this site. */
function caughtMessage(config: AppConfig): Directives {
  return { ...strict(config), 'frame-src': ["'self'"] };
}

/**
 * A caught message's HTML part (/admin/mail/:id/html): whatever the message holds, no script runs
 * (`sandbox` also when the URL is opened outside its frame) and nothing loads from elsewhere
 * (images only as data: URIs, the message's own inline styles); only this site may frame it.
 */
const CAUGHT_HTML: Directives = {
  'default-src': ["'none'"],
  'img-src': ['data:'],
  'style-src': ["'unsafe-inline'"],
  'form-action': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'self'"],
  sandbox: [],
};

const CAUGHT_MESSAGE_PATH = /^\/admin\/mail\/[^/]+$/;
const CAUGHT_HTML_PATH = /^\/admin\/mail\/[^/]+\/html$/;

const render = (d: Directives) =>
  Object.entries(d)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');

/** The policy of each path, rendered once at start-up. */
export function contentSecurityPolicies(config: AppConfig): (path: string) => string {
  const main = render(strict(config));
  const ui = render(thirdPartyUi(config));
  const signPage = render(withCaptcha(config));
  const mailPage = render(caughtMessage(config));
  const mailHtml = render(CAUGHT_HTML);
  return (path) => {
    if (CAUGHT_HTML_PATH.test(path)) return mailHtml;
    if (CAUGHT_MESSAGE_PATH.test(path)) return mailPage;
    if (path === '/api/docs' || path.startsWith('/api/docs/') || path === '/admin/queues' || path.startsWith('/admin/queues/')) return ui;
    if (path.startsWith('/c/')) return signPage;
    return main;
  };
}
