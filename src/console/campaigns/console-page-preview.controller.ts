import { Controller, Get, Headers, Param, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { CampaignsService, type CampaignView } from '../../campaigns/campaigns.service.js';
import { UUID } from '../../common/uuid-param.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { negotiateLocale } from '../../i18n/i18n.js';
import { publicCampaign, type PublicCampaign } from '../../signatures/public-campaign.service.js';
import { campaignPage } from '../../signatures/pages/campaign-page.js';
import { html } from '../../views/html.js';
import { pageContext, siteOf } from '../../views/page-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';

/**
 * The campaign's public page before supporters see it (a draft is a 404 to everyone else): the
 * same page (src/signatures/pages/campaign-page.ts), in any of its languages, shown as it will be once live,
 * under a banner that says it is a preview.
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('campaigner')
@Controller('console/campaigns/:id/page')
export class ConsolePagePreviewController {
  constructor(
    private readonly campaigns: CampaignsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  async preview(
    @Param('id', UUID) id: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const campaign = await this.campaigns.get(id);
    const ctx = pageContext(negotiateLocale(lang, acceptLanguage), siteOf(this.config), `/console/campaigns/${id}/page`);
    const page = campaignPage(ctx, asPublic(campaign, ctx.locale), { values: {}, errors: {}, stamp: 'preview', minFillMs: 0 });
    const banner = html`<div class="preview-banner" role="note">Preview of a ${campaign.status} campaign, as supporters will see it${
      campaign.status === 'draft' ? ' once it is launched' : ''
    }: the form cannot be sent from here. <a href="/console/campaigns/${id}">Back to the console</a></div>`;
    sendPage(reply, 200, page.replace('<body>', `<body>\n${banner.value}`));
  }
}

/** The campaign as the public page will show it once live: in `locale`, with the officials attached so far. */
export function asPublic(c: CampaignView, locale: string): PublicCampaign {
  const shown = c.targets.filter((t) => t.status !== 'withdrawn' && t.active);
  return publicCampaign(
    { ...c, status: c.status === 'draft' ? 'live' : c.status },
    {
      targets: shown.map((t) => ({ name: t.name, title: t.title, organization: t.organization })),
      targeted: shown.some((t) => t.audience.mode !== 'everyone'),
      signatureCount: c.counts.confirmed,
      locale,
    },
  );
}
