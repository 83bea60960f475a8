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
