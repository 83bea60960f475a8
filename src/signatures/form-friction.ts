import { createHmac, timingSafeEqual } from 'node:crypto';

/** A field no person sees or fills in (it is hidden from eyes and screen readers); bots fill in everything. */
export const HONEYPOT_FIELD = 'website';
/** A signed time stamp of when the form was shown: a form sent back sooner than a person could fill it in is a bot's. */
export const STAMP_FIELD = 'stamp';

export type FrictionVerdict = 'person' | 'honeypot' | 'too-fast' | 'bad-stamp';

/** Stamps allow this much clock difference between the API processes. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Bot friction without tracking: a honeypot field and a minimum fill time, checked on the web
 * form. The stamp is `<ms>.<hmac>` under a key derived from the installation's JWT secret, so
 * every API process accepts the stamps of the others and nobody can forge an older one.
 */
export class FormFriction {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly secret: () => Promise<string>,
    private readonly minFillMs: number,
  ) {}

  async stamp(now = Date.now()): Promise<string> {
    const issued = now.toString(36);
    return `${issued}.${await this.mac(issued)}`;
  }

  async judge(body: unknown, now = Date.now()): Promise<FrictionVerdict> {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const honeypot = b[HONEYPOT_FIELD];
    if (honeypot !== undefined && honeypot !== '') return 'honeypot';
    const stamp = b[STAMP_FIELD];
    const m = typeof stamp === 'string' ? /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(stamp) : null;
    if (!m) return 'bad-stamp';
    const expected = Buffer.from(await this.mac(m[1]));
    const given = Buffer.from(m[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-stamp';
    const issued = parseInt(m[1], 36);
    if (issued > now + CLOCK_SKEW_MS) return 'bad-stamp';
    return now - issued < this.minFillMs ? 'too-fast' : 'person';
  }

  private async mac(issued: string): Promise<string> {
    if (!this.key) {
      this.key = this.secret().then((s) => createHmac('sha256', s).update('appeals/sign-form-stamp/v1').digest());
      // a failed look-up (database away) is tried again on the next form, not remembered
      this.key.catch(() => (this.key = null));
    }
    return createHmac('sha256', await this.key)
      .update(issued)
      .digest('base64url');
  }
}
