import { createHmac } from 'node:crypto';
import { newWebhookSecret, secretKey, signatureHeader, signedRequest, signWebhook } from './webhook-signing.js';

/** The test vector of the Standard Webhooks reference libraries (libraries/javascript/src/webhook.test.ts, "sign function works"). */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('signing a webhook (Standard Webhooks)', () => {
  it('gives the reference libraries’ signature for their test vector', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('keys the HMAC with the decoded bytes after whsec_, not the text of the secret', () => {
    expect(secretKey(VECTOR.secret)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
    const overText = createHmac('sha256', VECTOR.secret).update(`${VECTOR.id}.${VECTOR.timestamp}.${VECTOR.body}`).digest('base64');
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).not.toBe(`v1,${overText}`);
    expect(() => secretKey('whsec_')).toThrow('a webhook secret must hold some bytes');
  });

  it('changes with any byte of the id, the timestamp or the body', () => {
    const base = signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body);
    expect(signWebhook(VECTOR.secret, `${VECTOR.id}x`, VECTOR.timestamp, VECTOR.body)).not.toBe(base);
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp + 1, VECTOR.body)).not.toBe(base);
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, '{"test":2432232314}')).not.toBe(base);
  });

  it('makes secrets of 24 random bytes behind whsec_, never twice the same', () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(secretKey(a)).toHaveLength(24);
    expect(a).not.toBe(b);
  });

  it('signs with every secret given, space-separated (a rotation)', () => {
    const other = newWebhookSecret();
    const header = signatureHeader([VECTOR.secret, other], VECTOR.id, VECTOR.timestamp, VECTOR.body);
    expect(header.split(' ')).toEqual([VECTOR.signature, signWebhook(other, VECTOR.id, VECTOR.timestamp, VECTOR.body)]);
  });

  it('writes the request: {type, timestamp, data}, the event id, the attempt’s unix time and the signature over exactly that body', () => {
    const created = new Date('2026-11-02T09:14:03.120Z');
    const now = new Date('2026-11-02T09:15:00.999Z');
    const r = signedRequest({ id: 'evt-1', type: 'signature.confirmed', createdAt: created, data: { signatureId: 's1' } }, [VECTOR.secret], now);
    expect(JSON.parse(r.body)).toEqual({ type: 'signature.confirmed', timestamp: '2026-11-02T09:14:03.120Z', data: { signatureId: 's1' } });
    expect(r.headers).toEqual({
      'content-type': 'application/json',
      'webhook-id': 'evt-1',
      'webhook-timestamp': '1793610900',
      'webhook-signature': signWebhook(VECTOR.secret, 'evt-1', 1793610900, r.body),
    });
  });
});
