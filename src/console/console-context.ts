import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import type { StaffRequest } from '../auth/auth.guard.js';
import { StaffSessions } from '../auth/staff-sessions.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';

/** A message for the next page, after a redirect: what happened ("Campaign paused: 12 letters held"). */
export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

const FLASH_COOKIE = 'appeals_flash';

/** What every console page needs to know about the request it answers. */
export interface ConsoleContext {
  staff: StaffPrincipal;
  /** the session's CSRF token, for every form and the pages' scripts */
  csrf: string;
  /** this page's path and query (for "come back here" links) */
  url: string;
  /** the message left by the previous request, shown once */
  flash: Flash | null;
  /** the embedded mail catcher runs (no SMTP_URL): its page is in the navigation */
  mailCatcher: boolean;
  org: string;
  publicUrl: string;
}

export type ConsoleRequest = FastifyRequest & StaffRequest;

/**
 * Builds the context of a console page from the request the AuthGuard let through, and carries
 * the one-time message of a redirect in a short-lived cookie (never in the URL, where a reload or
 * a shared link would show it again).
 */
@Injectable()
export class ConsoleContexts {
  constructor(
    private readonly sessions: StaffSessions,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async of(req: ConsoleRequest, reply: FastifyReply): Promise<ConsoleContext> {
    const session = req.session!;
    const flash = readFlash(req.cookies?.[FLASH_COOKIE]);
    if (flash) reply.clearCookie(FLASH_COOKIE, { path: '/' });
    return {
      staff: session.staff,
      csrf: await this.sessions.csrfToken(session),
      url: req.url,
      flash,
      mailCatcher: !this.config.smtpUrl,
      org: this.config.mail.orgName,
      publicUrl: this.config.publicUrl,
    };
  }

  /** 303 to `location`, with a message for the page there. */
  redirect(reply: FastifyReply, location: string, flash?: Flash): void {
    if (flash) {
      reply.setCookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), {
        httpOnly: true,
        sameSite: 'strict',
        secure: this.config.production || this.config.publicUrl.startsWith('https:'),
        path: '/',
        maxAge: 60,
      });
    }
    reply.status(303).header('location', location).header('cache-control', 'no-store').send();
  }
}

function readFlash(raw: string | undefined): Flash | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    return (v.kind === 'success' || v.kind === 'error') && typeof v.text === 'string' ? { kind: v.kind, text: v.text.slice(0, 500) } : null;
  } catch {
    return null;
  }
}
