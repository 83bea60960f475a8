import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { campaignPage, messagePage, withdrawQuestionPage, type FieldErrors, type FormValues } from '../views/supporter-pages.js';
import { html } from '../views/html.js';
import { ConfirmationService } from './confirmation.service.js';
import { SignDto } from './dto/sign.dto.js';
import { PublicCampaignService } from './public-campaign.service.js';
import { SigningService } from './signing.service.js';

const FORM_FIELDS = ['firstName', 'lastName', 'email', 'country', 'postcode', 'comment', 'source'] as const;

/** The supporter's web pages: they work with plain HTML forms, no JavaScript needed. */
@ApiExcludeController()
@Public()
@Controller()
export class PagesController {
  constructor(
    private readonly campaigns: PublicCampaignService,
    private readonly signing: SigningService,
    private readonly confirmation: ConfirmationService,
  ) {}

  @Get('c/:slug')
  async campaign(@Param('slug') slug: string, @Query('source') source: string | undefined, @Res() reply: FastifyReply) {
    const c = await this.findOr404(slug, reply);
    if (c) send(reply, 200, campaignPage(c, { source: typeof source === 'string' ? source.slice(0, 100) : '' }));
  }

  @Post('c/:slug')
  async sign(@Param('slug') slug: string, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const c = await this.findOr404(slug, reply);
    if (!c) return;
    const values: FormValues = {};
    for (const f of FORM_FIELDS) if (typeof body?.[f] === 'string' && body[f] !== '') values[f] = body[f] as string;
    const dto = plainToInstance(SignDto, values);
    const problems = await validate(dto, { whitelist: true });
    if (problems.length) {
      const errors: FieldErrors = {};
      for (const p of problems) errors[p.property as keyof FieldErrors] = fieldMessage(p.property, Object.values(p.constraints ?? {})[0]);
      return send(reply, 400, campaignPage(c, values, errors));
    }
    try {
      await this.signing.sign(slug, dto);
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === 409) return send(reply, 409, campaignPage({ ...c, status: 'closed' }, values));
      throw e;
    }
    return reply.status(303).header('location', `/c/${encodeURIComponent(slug)}/signed`).send();
  }

  @Get('c/:slug/signed')
  async signed(@Param('slug') slug: string, @Res() reply: FastifyReply) {
    const c = await this.findOr404(slug, reply);
    if (!c) return;
    const paragraphs = c.requireConfirmation
      ? ['We have sent you an email. Open the link in it to confirm your signature: only then is your letter sent.', 'No email? Look in your spam folder.']
      : ['Your signature is counted and your letter is on its way.'];
    send(reply, 200, messagePage(c.requireConfirmation ? 'Check your email' : 'Thank you for signing', paragraphs));
  }

  @Get('confirm/:token')
  async confirm(@Param('token') token: string, @Res() reply: FastifyReply) {
    try {
      const r = await this.confirmation.confirm(token);
      const link = html`<a href="/c/${r.campaign.slug}">${r.campaign.title}</a>`;
      send(
        reply,
        200,
        messagePage(r.firstTime ? 'Thank you: your signature is confirmed' : 'Your signature was already confirmed', [
          html`Your letter for ${link} is on its way to the officials.`,
          'Share the campaign with friends so that more voices are heard.',
        ]),
      );
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      const status = e.getStatus();
      send(
        reply,
        status,
        status === 409
          ? messagePage('This signature was withdrawn', ['It can no longer be confirmed.'])
          : messagePage('This link is unknown or has expired', ['Sign the campaign again to receive a new confirmation email.'], 'alert'),
      );
    }
  }

  /** GET only asks: link scanners in mail systems open links, and must not withdraw anyone. */
  @Get('withdraw/:token')
  async askWithdraw(@Param('token') token: string, @Res() reply: FastifyReply) {
    const found = await this.confirmation.peek(token, 'withdraw');
    if (!found) return send(reply, 404, messagePage('This link is unknown', ['Nothing was changed.'], 'alert'));
    if (found.status === 'withdrawn') return send(reply, 200, messagePage('Your signature is withdrawn', [`You are no longer a signatory of ${found.title}.`]));
    send(reply, 200, withdrawQuestionPage(token, found.title));
  }

  @Post('withdraw/:token')
  async withdraw(@Param('token') token: string, @Res() reply: FastifyReply) {
    try {
      const r = await this.confirmation.withdraw(token);
      send(reply, 200, messagePage('Your signature is withdrawn', [`Letters not yet sent in your name for ${r.campaign.title} will not be sent.`]));
    } catch (e) {
      if (!(e instanceof NotFoundException)) throw e;
      send(reply, 404, messagePage('This link is unknown', ['Nothing was changed.'], 'alert'));
    }
  }

  private async findOr404(slug: string, reply: FastifyReply) {
    try {
      return await this.campaigns.get(slug);
    } catch (e) {
      if (!(e instanceof NotFoundException)) throw e;
      send(reply, 404, messagePage('Campaign not found', ['There is no campaign at this address. Check the link you followed.'], 'alert'));
      return null;
    }
  }
}

function send(reply: FastifyReply, status: number, body: string) {
  reply.status(status).header('content-type', 'text/html; charset=utf-8').send(body);
}

const FRIENDLY: Record<string, string> = {
  firstName: 'Enter your first name (one line, at most 100 characters).',
  lastName: 'Enter your last name (one line, at most 100 characters).',
  email: 'Enter a valid email address, like name@example.org.',
  country: 'Choose your country.',
  postcode: 'A postcode has at most 20 characters.',
  comment: 'Your message can have at most 1000 characters.',
};

function fieldMessage(field: string, fallback: string | undefined): string {
  return FRIENDLY[field] ?? fallback ?? 'Check this field.';
}
