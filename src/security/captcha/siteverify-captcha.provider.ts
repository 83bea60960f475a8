import type { CaptchaProvider, CaptchaVerdict } from './captcha-provider.js';

/** A token longer than any service issues is refused without asking. */
const MAX_TOKEN_LENGTH = 4096;
const TIMEOUT_MS = 5000;

/**
 * The protocol hCaptcha, Cloudflare Turnstile and Google reCAPTCHA share: POST
 * `application/x-www-form-urlencoded` `secret`, `response` (the token) and `remoteip` to the
 * service's siteverify URL; it answers JSON `{ "success": true|false, "error-codes": [...] }`.
 */
export class SiteVerifyCaptcha implements CaptchaProvider {
  constructor(
    readonly name: string,
    private readonly verifyUrl: string,
    private readonly secret: string,
    private readonly siteKey: string,
  ) {}

  async verify(token: string, clientAddress: string | null): Promise<CaptchaVerdict> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return { outcome: 'refused', reasons: ['missing-input-response'] };
    const form = new URLSearchParams({ secret: this.secret, response: token, sitekey: this.siteKey });
    if (clientAddress) form.set('remoteip', clientAddress);
    let answer: { success?: unknown; 'error-codes'?: unknown };
    try {
      const res = await fetch(this.verifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      if (!res.ok) return { outcome: 'unavailable', reason: `${this.name} answered HTTP ${res.status}` };
      answer = (await res.json()) as typeof answer;
    } catch (e) {
      return { outcome: 'unavailable', reason: `${this.name} did not answer: ${(e as Error).message}` };
    }
    if (answer?.success === true) return { outcome: 'solved' };
    const codes = Array.isArray(answer?.['error-codes']) ? answer['error-codes'].filter((c): c is string => typeof c === 'string') : [];
    // a service that says the secret or the request is wrong is misconfigured, not a bot's doing
    const ours = codes.filter((c) => /secret|bad-request|sitekey-secret-mismatch/.test(c));
    if (ours.length) return { outcome: 'unavailable', reason: `${this.name} refused our own request: ${ours.join(', ')}` };
    return { outcome: 'refused', reasons: codes.slice(0, 5).map((c) => c.slice(0, 60)) };
  }
}
