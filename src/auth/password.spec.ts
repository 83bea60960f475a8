import { scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, verifyPassword } from './password.js';

describe('staff passwords (scrypt)', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(needsRehash(a)).toBe(false);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', a)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });

  it('verifies a hash made with older parameters, and says it wants remaking', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('correct horse battery staple', salt, 32, { N: 16384, r: 8, p: 1 });
    const old = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('correct horse battery staple', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });
});
