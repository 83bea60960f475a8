import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the token itself exists only in the email that carries it. */
export const newToken = () => randomBytes(32).toString('base64url');

/** What is stored: SHA-256 of the token (a token has 256 bits of entropy, so no salt is needed). */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Tokens are 43 base64url characters; anything else is not worth a database lookup. */
export const looksLikeToken = (token: unknown): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
