import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Public } from '../auth/auth.decorators.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { negotiateLocale } from '../i18n/i18n.js';
import { homePage } from './pages/home-page.js';
import { pageContext, siteOf } from '../views/page-context.js';
import { PublicCampaignService } from './public-campaign.service.js';

/** src/public (tests) or dist/public (the build), as for /assets/ */
const FAVICON = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'favicon.ico');

/**
 * What a visitor meets at the site's root: a page naming the organisation with its live
 * campaigns (in the visitor's language), and the icon browsers ask for at /favicon.ico (pages
 * link the SVG one under /assets/).
 */
@ApiExcludeController()
@Public()
@Controller()
export class HomeController {
  private icon: Buffer | null = null;

  constructor(
    private readonly campaigns: PublicCampaignService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  async home(@Query('lang') lang: unknown, @Headers('accept-language') acceptLanguage: string | undefined, @Res() reply: FastifyReply) {
    const ctx = pageContext(negotiateLocale(lang, acceptLanguage), siteOf(this.config), '/');
    const live = await this.campaigns.live(ctx.locale);
    reply
      .status(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-language', ctx.locale)
      .header('vary', 'Accept-Language')
      .send(homePage(ctx, live));
  }

  @Get('favicon.ico')
  favicon(@Res() reply: FastifyReply) {
    this.icon ??= readFileSync(FAVICON);
    reply.status(200).header('content-type', 'image/x-icon').header('cache-control', 'public, max-age=86400').send(this.icon);
  }
}
