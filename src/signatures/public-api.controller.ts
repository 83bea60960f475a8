import { BadRequestException, Body, Controller, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { RecipientsQuery } from '../campaigns/dto/audience.dto.js';
import { PublicRecipients } from '../campaigns/dto/campaign-view.dto.js';
import { RecipientsService } from '../campaigns/recipients.service.js';
import { RateLimit } from '../rate-limit/rate-limit.decorator.js';
import { CaptchaService } from '../security/captcha/captcha.service.js';
import { ClientAddressHasher } from '../security/client-address.js';
import { ConfirmationService } from './confirmation.service.js';
import { PublicCampaignView } from './dto/public-campaign.view.js';
import { isLocaleTag } from '../campaigns/letter-shape.js';
import { ErrorResponse } from '../common/error-responses.js';
import { SignDto, TokenDto } from './dto/sign.dto.js';
import { PublicCampaignService } from './public-campaign.service.js';
import { SigningService } from './signing.service.js';

@ApiTags('public')
@Public()
@Controller('api/public')
export class PublicApiController {
  constructor(
    private readonly campaigns: PublicCampaignService,
    private readonly signing: SigningService,
    private readonly confirmation: ConfirmationService,
    private readonly captcha: CaptchaService,
    private readonly addresses: ClientAddressHasher,
    private readonly receivers: RecipientsService,
  ) {}

  @Get('campaigns/:slug')
  @ApiOperation({ summary: "a campaign as supporters see it: title, summary and letter in the language asked for (?lang=), else the campaign's default" })
  @ApiOkResponse({ type: PublicCampaignView, description: 'the campaign' })
  @ApiBadRequestResponse({ description: 'lang is not a BCP 47 language tag', type: ErrorResponse })
  @ApiQuery({
    name: 'lang',
    required: false,
    example: 'ru',
    description: "BCP 47: the title, summary and letter in this language when the campaign has it (exact tag, then its language), else the campaign's default",
  })
  @ApiNotFoundResponse({ description: 'no such campaign (or a draft)', type: ErrorResponse })
  campaign(@Param('slug') slug: string, @Query('lang') lang: unknown): Promise<PublicCampaignView> {
    // other query parameters (a partner's cache-buster, a tracking tag) are ignored, as before
    if (lang !== undefined && !isLocaleTag(lang)) throw new BadRequestException(['lang must be a BCP 47 language tag, such as ru or ar']);
    return this.campaigns.get(slug, lang as string | undefined);
  }

  @Get('campaigns/:slug/recipients')
  @ApiOperation({ summary: 'who receives the letter of a supporter from a country (names, titles and organizations; never addresses)' })
  @ApiOkResponse({
    type: PublicRecipients,
    description: 'targets: [] when no official of the campaign receives letters from that country (signing would be refused)',
  })
  @ApiBadRequestResponse({ description: 'country is missing or not an ISO 3166-1 alpha-2 code', type: ErrorResponse })
  @ApiNotFoundResponse({ description: 'no such campaign (or a draft)', type: ErrorResponse })
  recipients(@Param('slug') slug: string, @Query() query: RecipientsQuery): Promise<PublicRecipients> {
    return this.receivers.forSlug(slug, query.country);
  }

  /** 202: the signature waits for its email confirmation (or is confirmed, if none is asked). */
  @Post('campaigns/:slug/signatures')
  @HttpCode(202)
  @RateLimit('sign')
  @ApiAcceptedResponse({ description: '{ status: "pending_confirmation" } or { status: "confirmed" }, the same for a repeat signing' })
  @ApiConflictResponse({ description: 'the campaign is paused or closed' })
  @ApiUnprocessableEntityResponse({ description: "no official of the campaign receives letters from the supporter's country", type: ErrorResponse })
  @ApiBadRequestResponse({ description: 'invalid input (the message names each bad field), or, when a CAPTCHA is on, a missing or refused captchaToken' })
  async sign(@Param('slug') slug: string, @Body() dto: SignDto, @Ip() ip: string) {
    await this.captcha.require(dto.captchaToken, ip);
    return this.signing.sign(slug, dto, null, await this.addresses.hash(ip));
  }

  @Post('signatures/confirm')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ status: "confirmed", campaign: { slug, title } }; idempotent' })
  @ApiNotFoundResponse({ description: 'unknown or expired token' })
  async confirm(@Body() dto: TokenDto) {
    const { status, campaign } = await this.confirmation.confirm(dto.token);
    return { status, campaign };
  }

  @Post('signatures/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ status: "withdrawn", campaign: { slug, title } }; idempotent' })
  async withdraw(@Body() dto: TokenDto) {
    const { status, campaign } = await this.confirmation.withdraw(dto.token);
    return { status, campaign };
  }
}
