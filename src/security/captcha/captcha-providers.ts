import type { CaptchaProviderName } from '../../config/captcha-settings.js';

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
