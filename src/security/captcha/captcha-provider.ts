/**
 * One CAPTCHA check: is this token a solved challenge? Appeals asks it of every signing when a
 * provider is configured (CAPTCHA_PROVIDER); with none, nothing is asked. A new kind of CAPTCHA
 * is a new class implementing this interface, chosen in captcha.module.ts.
 */
export interface CaptchaProvider {
  /** what the logs and the README call it */
  readonly name: string;
  verify(token: string, clientAddress: string | null): Promise<CaptchaVerdict>;
}

/**
 * `solved`: the service vouches for the token. `refused`: it does not (missing, wrong, expired,
 * used twice). `unavailable`: the service did not answer properly, so nobody knows.
 */
export type CaptchaVerdict = { outcome: 'solved' } | { outcome: 'refused'; reasons: string[] } | { outcome: 'unavailable'; reason: string };

export const CAPTCHA_PROVIDER = Symbol('CAPTCHA_PROVIDER');
