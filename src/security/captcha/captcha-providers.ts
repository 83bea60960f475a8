/**
 * The CAPTCHA services Appeals can ask (CAPTCHA_PROVIDER). All three share one protocol: a widget
 * on the page puts a token in a hidden form field, and the server checks it with one POST to the
 * service's `siteverify` URL (`secret`, `response`, `remoteip`), which answers `{ success }`.
 */
export const CAPTCHA_PROVIDERS = ['hcaptcha', 'turnstile', 'recaptcha'] as const;
export type CaptchaProviderName = (typeof CAPTCHA_PROVIDERS)[number];

export const CAPTCHA_DEFAULT_VERIFY_URL: Record<CaptchaProviderName, string> = {
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  recaptcha: 'https://www.google.com/recaptcha/api/siteverify',
};

/** The JSON API's field for the token (a partner's own form sends its widget's answer under this name). */
export const CAPTCHA_TOKEN_FIELD = 'captchaToken';

interface WidgetSpec {
  /** the widget's script; `{lang}` is the page's language */
  script: string;
  /** the element the script turns into a widget */
  className: string;
  /** the hidden field the widget fills in, in the form it sits in */
  responseField: string;
  /** what the widget loads: added to the sign page's Content-Security-Policy, and to nothing else */
  csp: { script: string[]; frame: string[]; style: string[]; connect: string[] };
}

export const CAPTCHA_WIDGETS: Record<CaptchaProviderName, WidgetSpec> = {
  hcaptcha: {
    script: 'https://js.hcaptcha.com/1/api.js?hl={lang}',
    className: 'h-captcha',
    responseField: 'h-captcha-response',
    // https://docs.hcaptcha.com/#content-security-policy-settings
    csp: {
      script: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
      frame: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
      style: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
      connect: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    },
  },
  turnstile: {
    script: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
    className: 'cf-turnstile',
    responseField: 'cf-turnstile-response',
    // https://developers.cloudflare.com/turnstile/reference/content-security-policy/
    csp: { script: ['https://challenges.cloudflare.com'], frame: ['https://challenges.cloudflare.com'], style: [], connect: [] },
  },
  recaptcha: {
    script: 'https://www.google.com/recaptcha/api.js?hl={lang}',
    className: 'g-recaptcha',
    responseField: 'g-recaptcha-response',
    // https://developers.google.com/recaptcha/docs/faq#im-using-content-security-policy-csp-on-my-website.-how-can-i-configure-it-to-work-with-recaptcha
    csp: {
      script: ['https://www.google.com/recaptcha/', 'https://www.gstatic.com/recaptcha/'],
      frame: ['https://www.google.com/recaptcha/', 'https://recaptcha.google.com/recaptcha/'],
      style: [],
      connect: [],
    },
  },
};

/** The token a posted form carries: the widget's own field, or the JSON API's name for it. */
export function captchaTokenIn(provider: CaptchaProviderName, body: unknown): string | undefined {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const token = b[CAPTCHA_WIDGETS[provider].responseField] ?? b[CAPTCHA_TOKEN_FIELD];
  return typeof token === 'string' ? token : undefined;
}
