import {
  type ArgumentsHost,
  Body,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Headers,
  HttpException,
  HttpStatus,
  Injectable,
  Ip,
  Logger,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { RecipientsService } from '../campaigns/recipients.service.js';
import { isCountryCode } from '../common/countries.js';
import { countryName } from '../letters/letter-composition.js';
import { RateLimit } from '../rate-limit/rate-limit.decorator.js';
import { CaptchaService } from '../security/captcha/captcha.service.js';
import { ClientAddressHasher } from '../security/client-address.js';
import { resolveJwtSecret } from '../security/jwt-secret.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { negotiateLocale } from '../i18n/i18n.js';
import type { SafeHtml } from '../views/html.js';
import { pageContext, siteOf, type PageContext } from '../views/page-context.js';
import { campaignPage, type FieldErrors } from './pages/campaign-page.js';
import {
  confirmedPage,
  draftPage,
  expiredLinkPage,
  notFoundPage,
  signedPage,
  tooManyPage,
  unknownLinkPage,
  withdrawnCannotConfirmPage,
  withdrawnPage,
  unsubscribedPage,
  unsubscribeQuestionPage,
  withdrawQuestionPage,
} from './pages/supporter-pages.js';
import { ConfirmationService } from './confirmation.service.js';
import { FormFriction, STAMP_FIELD } from './form-friction.js';
import type { PublicCampaign } from './public-campaign.service.js';
import { PublicCampaignService } from './public-campaign.service.js';
import { readSignForm } from './sign-form.js';
import { SigningService } from './signing.service.js';

/**
 * Over the signing rate limit, the form without JavaScript gets a page in its language (the
 * guard's Retry-After header stays); its script, asking for JSON, gets the JSON answer.
 */
@Catch(HttpException)
@Injectable()
class TooManyAsPageFilter implements ExceptionFilter {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  catch(e: HttpException, host: ArgumentsHost) {
    const req = host
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; query?: Record<string, unknown>; params?: Record<string, string> }>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const json = /\bapplication\/json\b/.test(req.headers.accept ?? '');
    if (e.getStatus() !== HttpStatus.TOO_MANY_REQUESTS || json) {
      reply.status(e.getStatus()).send(exceptionBody(e));
      return;
    }
    const slug = req.params?.slug ?? '';
    const ctx = pageContext(negotiateLocale(req.query?.lang, req.headers['accept-language']), siteOf(this.config), `/c/${encodeURIComponent(slug)}`);
    send(reply, ctx, HttpStatus.TOO_MANY_REQUESTS, tooManyPage(ctx, slug));
  }
}

/**
 * The supporter's web pages, in English, Arabic or Russian (`?lang=`, then Accept-Language).
 * They work as plain HTML forms; with JavaScript, the form's script posts the same fields to
 * POST /c/:slug asking for JSON, and shows the answer without a page load.
 */
@ApiExcludeController()
@Public()
@Controller()
export class PagesController {
  private readonly log = new Logger(PagesController.name);
  private readonly friction: FormFriction;
  private readonly minFillMs: number;

  constructor(
    private readonly campaigns: PublicCampaignService,
    private readonly signing: SigningService,
    private readonly confirmation: ConfirmationService,
    @InjectConfig() private readonly config: AppConfig,
    @InjectDataSource() db: DataSource,
    private readonly captcha: CaptchaService,
    private readonly addresses: ClientAddressHasher,
    private readonly recipients: RecipientsService,
  ) {
    this.minFillMs = config.formMinFillSeconds * 1000;
    this.friction = new FormFriction(() => resolveJwtSecret(config, db), this.minFillMs);
  }

  @Get('c/:slug')
  async campaign(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Query('source') source: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const src = typeof source === 'string' ? source.slice(0, 100) : '';
    const ctx = this.context(lang, acceptLanguage, `/c/${encodeURIComponent(slug)}`, src ? { source: src } : {});
    const c = await this.campaigns.find(slug, ctx.locale);
    if (!c) return send(reply, ctx, 404, notFoundPage(ctx));
    if (c === 'draft') return send(reply, ctx, 404, draftPage(ctx));
    send(
      reply,
      ctx,
      200,
      campaignPage(ctx, c, {
        values: src ? { source: src } : {},
        errors: {},
        stamp: await this.friction.stamp(),
        minFillMs: this.minFillMs,
        captcha: this.captchaField(ctx),
      }),
    );
  }

  /**
   * The form, posted without JavaScript (answers a page) or by its script (Accept: application/json,
   * answers JSON). The same signing rate limit as the JSON API.
   */
  @Post('c/:slug')
  @RateLimit('sign')
  @UseFilters(TooManyAsPageFilter)
  async sign(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Body() body: unknown,
    @Ip() ip: string,
    @Res() reply: FastifyReply,
  ) {
    const json = /\bapplication\/json\b/.test(accept ?? '');
    const ctx = this.context(lang, acceptLanguage, `/c/${encodeURIComponent(slug)}`);
    const c = await this.campaigns.find(slug, ctx.locale);
    if (!c || c === 'draft') {
      return json ? sendJson(reply, 404, { message: ctx.t.notFoundText, error: 'Not Found' }) : send(reply, ctx, 404, notFoundPage(ctx));
    }
    const form = await readSignForm(body, c.letterEditing);
    const verdict = await this.friction.judge(body);
    if (!form.ok) {
      const errors: FieldErrors = Object.fromEntries(form.invalid.map((f) => [f, ctx.t.errors[f]]));
      if (json) return sendJson(reply, 400, { message: form.invalid.map((f) => ctx.t.errors[f]), error: 'Bad Request', errors });
      // the stamp of the first showing is kept: correcting a typo is not "too fast"
      const posted = (body as Record<string, unknown> | null)?.[STAMP_FIELD];
      const stamp = verdict === 'bad-stamp' || typeof posted !== 'string' ? await this.friction.stamp() : posted;
      return send(reply, ctx, 400, campaignPage(ctx, c, { values: form.values, errors, stamp, minFillMs: this.minFillMs, captcha: this.captchaField(ctx) }));
    }
    if (verdict !== 'person') {
      // quietly not signed, answered like a success: a bot learns nothing to adapt to
      this.log.log(`sign form on ${slug} not signed: ${verdict}`);
      return this.signed(reply, ctx, c, json, c.requireConfirmation ? 'pending_confirmation' : 'confirmed');
    }
    if (!(await this.captcha.passes(this.captcha.tokenIn(body), ip))) {
      // a person whose check failed or expired solves it again (typed values kept)
      const text = ctx.t.errors.captcha;
      if (json) return sendJson(reply, 400, { message: [text], error: 'Bad Request', errors: { captcha: text } });
      const stamp = (body as Record<string, unknown>)[STAMP_FIELD] as string;
      return send(
        reply,
        ctx,
        400,
        campaignPage(ctx, c, { values: form.values, errors: {}, stamp, minFillMs: this.minFillMs, captcha: this.captchaField(ctx, text) }),
      );
    }
    try {
      const result = await this.signing.sign(slug, form.dto, ctx.locale, await this.addresses.hash(ip));
      return this.signed(reply, ctx, c, json, result.status, form.dto.country);
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === 422) {
        // no official receives letters from this country: said beside the country, the rest kept
        const country = ctx.t.noRecipients(countryName(form.dto.country, ctx.locale));
        if (json) return sendJson(reply, 422, { message: [country], error: 'Unprocessable Entity', errors: { country } });
        const recipients = { country: form.dto.country, targets: [] };
        const stamp = (body as Record<string, unknown>)[STAMP_FIELD] as string;
        return send(
          reply,
          ctx,
          422,
          campaignPage(ctx, c, { values: form.values, errors: { country }, stamp, minFillMs: this.minFillMs, captcha: this.captchaField(ctx), recipients }),
        );
      }
      if (!(e instanceof HttpException) || e.getStatus() !== 409) throw e;
      // closed or paused since the page was shown: say so (the script shows the message; the page, the campaign's state)
      const now = await this.campaigns.find(slug, ctx.locale);
      const current = now && now !== 'draft' ? now : c;
      const message = current.status === 'paused' ? ctx.t.errors.paused : ctx.t.errors.closed;
      if (json) return sendJson(reply, 409, { message, error: 'Conflict' });
      const shown: PublicCampaign = current.status === 'live' ? { ...current, status: 'closed' } : current;
      return send(
        reply,
        ctx,
        409,
        campaignPage(ctx, shown, {
          values: form.values,
          errors: {},
          stamp: await this.friction.stamp(),
          minFillMs: this.minFillMs,
          captcha: this.captchaField(ctx),
        }),
      );
    }
  }

  /** After the form, without JavaScript; `country` (a targeted campaign): the page names who the letter goes to. */
  @Get('c/:slug/signed')
  async signedPage(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Query('country') country: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const ctx = this.context(lang, acceptLanguage, `/c/${encodeURIComponent(slug)}/signed`);
    const c = await this.campaigns.find(slug, ctx.locale);
    if (!c || c === 'draft') return send(reply, ctx, 404, notFoundPage(ctx));
    const recipients = c.targeted && isCountryCode(country) ? await this.recipients.forSlug(slug, country) : undefined;
    send(reply, ctx, 200, signedPage(ctx, c, recipients));
  }

  @Get('confirm/:token')
  async confirm(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const ctx = this.context(lang, acceptLanguage, `/confirm/${encodeURIComponent(token)}`);
    privateReply(reply);
    try {
      const r = await this.confirmation.confirm(token);
      return send(reply, ctx, 200, confirmedPage(ctx, this.config.publicUrl, { ...r.campaign, translations: r.translations }, r.firstTime));
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      if (e.getStatus() === 409) {
        const found = await this.confirmation.peek(token, 'confirm');
        if (found) return send(reply, ctx, 409, withdrawnCannotConfirmPage(ctx, found));
      }
      const expired = await this.confirmation.expiredConfirmation(token);
      return send(reply, ctx, 404, expired ? expiredLinkPage(ctx, expired) : unknownLinkPage(ctx));
    }
  }

  /** GET only asks: link scanners in mail systems open links, and must not withdraw anyone. */
  @Get('withdraw/:token')
  async askWithdraw(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const link = await this.withdrawalLink(token, lang, acceptLanguage, reply);
    if (link) send(reply, link.ctx, 200, withdrawQuestionPage(link.ctx, token, link.found));
  }

  @Post('withdraw/:token')
  async withdraw(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const link = await this.withdrawalLink(token, lang, acceptLanguage, reply);
    if (!link) return;
    const r = await this.confirmation.withdraw(token);
    send(reply, link.ctx, 200, withdrawnPage(link.ctx, { ...r.campaign, translations: r.translations }, false));
  }

  /** An unsubscribe link, opened: a question and a button (a link scanner unsubscribes nobody). */
  @Get('unsubscribe/:token')
  async unsubscribeQuestion(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const ctx = this.context(lang, acceptLanguage, `/unsubscribe/${encodeURIComponent(token)}`);
    privateReply(reply);
    const found = await this.confirmation.peek(token, 'unsubscribe');
    if (!found) return send(reply, ctx, 404, unknownLinkPage(ctx, ctx.t.unsubscribe.unknown));
    send(reply, ctx, 200, unsubscribeQuestionPage(ctx, token));
  }

  /**
   * Unsubscribes: the page's button, or a mail client's one-click POST (RFC 8058: the body
   * `List-Unsubscribe=One-Click`, form-encoded or multipart, with no cookie and no page to read).
   * Idempotent; the answer is the same page either way.
   */
  @Post('unsubscribe/:token')
  @RateLimit('sign')
  async unsubscribe(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const ctx = this.context(lang, acceptLanguage, `/unsubscribe/${encodeURIComponent(token)}`);
    privateReply(reply);
    try {
      await this.confirmation.unsubscribe(token);
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === 404) return send(reply, ctx, 404, unknownLinkPage(ctx, ctx.t.unsubscribe.unknown));
      throw e;
    }
    send(reply, ctx, 200, unsubscribedPage(ctx));
  }

  /**
   * A withdrawal link that can still withdraw something; otherwise answers for it (unknown link,
   * or already withdrawn) and gives null.
   */
  private async withdrawalLink(token: string, lang: unknown, acceptLanguage: string | undefined, reply: FastifyReply) {
    const ctx = this.context(lang, acceptLanguage, `/withdraw/${encodeURIComponent(token)}`);
    privateReply(reply);
    const found = await this.confirmation.peek(token, 'withdraw');
    if (!found) send(reply, ctx, 404, unknownLinkPage(ctx, ctx.t.unknownWithdrawText));
    else if (found.status === 'withdrawn') send(reply, ctx, 200, withdrawnPage(ctx, found, true));
    else return { ctx, found };
    return null;
  }

  /** The CAPTCHA widget of the form (when one is asked), with its error. */
  private captchaField(ctx: PageContext, error?: string): { widget: SafeHtml; error?: string } | undefined {
    const widget = this.captcha.widget(ctx.locale, error ? { text: error, prefix: ctx.t.errorTitlePrefix } : undefined);
    return widget ? { widget, error } : undefined;
  }

  private context(lang: unknown, acceptLanguage: string | undefined, path: string, keep: Record<string, string> = {}): PageContext {
    return pageContext(negotiateLocale(lang, acceptLanguage), siteOf(this.config), path, keep);
  }

  private signed(reply: FastifyReply, ctx: PageContext, c: PublicCampaign, json: boolean, status: 'pending_confirmation' | 'confirmed', country?: string) {
    if (json) return sendJson(reply, 202, { status });
    const where = c.targeted && country ? `&country=${encodeURIComponent(country)}` : '';
    reply
      .status(303)
      .header('location', `/c/${encodeURIComponent(c.slug)}/signed?lang=${ctx.locale}${where}`)
      .send();
  }
}

function send(reply: FastifyReply, ctx: PageContext, status: number, body: string) {
  reply.status(status).header('content-type', 'text/html; charset=utf-8').header('content-language', ctx.locale).header('vary', 'Accept-Language').send(body);
}

function sendJson(reply: FastifyReply, status: number, body: Record<string, unknown>) {
  reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(status >= 400 ? { statusCode: status, ...body } : body);
}

function exceptionBody(e: HttpException): Record<string, unknown> {
  const r = e.getResponse();
  return typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : { statusCode: e.getStatus(), message: r };
}

/** Pages whose address carries a token: never cached, never sent on as a Referer. */
function privateReply(reply: FastifyReply) {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}
