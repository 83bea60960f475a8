import { randomUUID } from 'node:crypto';
import { base32, deliveryIdOfToken, isReplyAddress, replyAddressFor, replyToken, tokenOfReplyAddress } from './reply-token.js';

const KEY = Buffer.from('a key of thirty-two bytes, no more'.slice(0, 32));
const OTHER_KEY = Buffer.from('another key of thirty-two bytes!'.slice(0, 32));
const ID = '7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11';
const DOMAIN = 'campaigns.example';

describe('reply tokens', () => {
  it('round-trips: the token names its letter, and only with the key it was made with', () => {
    const token = replyToken(ID, KEY);
    expect(token).toMatch(/^[0-9a-f]{32}[a-z2-7]{20}$/);
    expect(token.startsWith(ID.replace(/-/g, ''))).toBe(true);
    expect(deliveryIdOfToken(token, KEY)).toBe(ID);
    expect(deliveryIdOfToken(token, OTHER_KEY)).toBeNull();
    for (let i = 0; i < 50; i++) {
      const id = randomUUID();
      expect(deliveryIdOfToken(replyToken(id, KEY), KEY)).toBe(id);
    }
  });

  it('is the same every time for one letter, and differs between letters', () => {
    expect(replyToken(ID, KEY)).toBe(replyToken(ID.toUpperCase(), KEY));
    expect(replyToken(randomUUID(), KEY)).not.toBe(replyToken(ID, KEY));
  });

  it('reads a token whose case a mail system changed', () => {
    const token = replyToken(ID, KEY);
    expect(deliveryIdOfToken(token.toUpperCase(), KEY)).toBe(ID);
    expect(deliveryIdOfToken(` ${token} `, KEY)).toBe(ID);
  });

  it('refuses a forged token: another letter id with a made-up or borrowed MAC', () => {
    const token = replyToken(ID, KEY);
    const otherId = randomUUID().replace(/-/g, '');
    expect(deliveryIdOfToken(otherId + token.slice(32), KEY)).toBeNull();
    expect(deliveryIdOfToken(otherId + 'a'.repeat(20), KEY)).toBeNull();
  });

  it('refuses a tampered token: any character changed, cut short or lengthened', () => {
    const token = replyToken(ID, KEY);
    for (let i = 0; i < token.length; i++) {
      const c = token[i];
      const swapped = c === 'a' ? 'b' : c === '0' ? '1' : /[0-9]/.test(c) ? '0' : 'a';
      expect(deliveryIdOfToken(token.slice(0, i) + swapped + token.slice(i + 1), KEY)).toBeNull();
    }
    expect(deliveryIdOfToken(token.slice(0, -1), KEY)).toBeNull();
    expect(deliveryIdOfToken(`${token}a`, KEY)).toBeNull();
    expect(deliveryIdOfToken('', KEY)).toBeNull();
    expect(deliveryIdOfToken(ID, KEY)).toBeNull();
  });

  it('makes and reads reply+TOKEN@MAIL_DOMAIN addresses within the 64 characters of a local part', () => {
    const address = replyAddressFor(ID, KEY, DOMAIN);
    expect(address).toMatch(new RegExp(`^reply\\+[0-9a-z]{52}@${DOMAIN.replace('.', '\\.')}$`));
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(tokenOfReplyAddress(address.toUpperCase().replace(DOMAIN.toUpperCase(), DOMAIN), DOMAIN)).toBe(replyToken(ID, KEY).toUpperCase());
    expect(tokenOfReplyAddress(address, 'elsewhere.example')).toBeNull();
    expect(tokenOfReplyAddress(`bounces+${ID}@${DOMAIN}`, DOMAIN)).toBeNull();
    expect(isReplyAddress(`reply@${DOMAIN}`, DOMAIN)).toBe(true);
    expect(isReplyAddress(`Reply+x@${DOMAIN.toUpperCase()}`, DOMAIN)).toBe(true);
    expect(isReplyAddress(`replies@${DOMAIN}`, DOMAIN)).toBe(false);
    expect(() => replyToken('not-a-uuid', KEY)).toThrow(/not a delivery id/);
  });

  it('encodes base32 as RFC 4648 does (lower-case, unpadded)', () => {
    expect(base32(Buffer.from(''))).toBe('');
    expect(base32(Buffer.from('f'))).toBe('my');
    expect(base32(Buffer.from('foobar'))).toBe('mzxw6ytboi');
  });
});
