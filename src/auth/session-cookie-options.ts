import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { SESSION_COOKIE } from './session-cookie.js';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Secure in production and under https, and no longer than the token inside it.
 */
export function setSessionCookie(reply: FastifyReply, config: AppConfig, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: config.production || config.publicUrl.startsWith('https:'),
    sameSite: 'strict',
    path: '/',
    maxAge: config.jwtTtlMinutes * 60,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
