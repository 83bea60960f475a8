import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { Clock } from '../common/clock.js';
import { isTimeZone, timeZoneOf } from '../common/time-zone.js';
import { currentOpening, FALLBACK_TIME_ZONE, nextOpening } from '../deliveries/send-window.js';
import { TargetPacer } from '../deliveries/target-pacer.js';
import type { Campaign } from './campaign.entity.js';
import type { CampaignForecast, TargetForecast } from './dto/drain-forecast.dto.js';
import { projectDrain } from './drain-forecast.js';

interface TargetRow {
  target_id: string;
  name: string;
  email: string;
  time_zone: string | null;
  country: string | null;
  failing_since: Date | null;
  digest_since: Date | null;
  reply_held_since: Date | null;
  backlog: number;
  paced_backlog: number;
  sent_last_hour: number;
}

const UNSENT = `('queued', 'sending', 'retrying')`;
const n = (v: number) => v.toLocaleString('en');
const letters = (v: number) => `${n(v)} letter${v === 1 ? '' : 's'}`;

/**
 * The drain forecast of a campaign: for each launched target, what is still owed, how fast it
 * goes, and when the last letter can go under its pacing limit, with a warning when that is after
 * the campaign's endsAt. A campaign holding its letters until delivery.startAt is projected from
 * then; office hours (delivery.sendWindow) in each target's time zone leave its closed hours out. Read on demand: a few index probes per target, plus one Redis read.
 */
@Injectable()
export class DrainForecastService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly pacer: TargetPacer,
    private readonly clock: Clock,
  ) {}

  async forecast(campaignId: string): Promise<CampaignForecast> {
    const [campaign]: Pick<Campaign, 'id' | 'status' | 'endsAt' | 'delivery'>[] = await this.db.query(
      `SELECT id, status, ends_at AS "endsAt", delivery FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    if (!campaign) throw new NotFoundException(`No campaign ${campaignId}`);
    const rows: TargetRow[] = await this.db.query(
      `SELECT ct.target_id, t.name, t.email, t.time_zone, t.country, t.failing_since, ct.digest_since, ct.reply_held_since,
              (SELECT count(*) FROM deliveries d
                WHERE d.target_id = ct.target_id AND d.campaign_id = ct.campaign_id AND d.status IN ${UNSENT})::int AS backlog,
              (SELECT count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
                WHERE d.target_id = ct.target_id AND d.status IN ${UNSENT}
                  AND c.status IN ('live', 'closed') AND (c.delivery->>'maxPerTargetPerHour') IS NOT NULL)::int AS paced_backlog,
              (SELECT count(*) FROM deliveries d
                WHERE d.target_id = ct.target_id AND d.campaign_id = ct.campaign_id AND d.status IN ('sent', 'bounced')
                  AND d.sent_at > now() - interval '1 hour')::int AS sent_last_hour
         FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
        WHERE ct.campaign_id = $1 AND ct.status = 'launched'
        ORDER BY ct.launched_at, t.name`,
      [campaignId],
    );
    const nowMs = this.clock.now();
    const limit = campaign.delivery.maxPerTargetPerHour ?? null;
    const endsAt = campaign.endsAt ? new Date(campaign.endsAt) : null;
    const startAt = campaign.delivery.startAt ? new Date(campaign.delivery.startAt) : null;
    // letters held until startAt: the projection starts there
    const startMs = startAt && startAt.getTime() > nowMs ? startAt.getTime() : null;
    const targets = await Promise.all(rows.map((r) => this.target(r, campaign, limit, endsAt, startMs, nowMs)));
    const drains = targets.map((t) => t.projectedDrainAt);
    return {
      campaignId: campaign.id,
      status: campaign.status,
      endsAt: endsAt?.toISOString() ?? null,
      startAt: startAt?.toISOString() ?? null,
      generatedAt: new Date(nowMs).toISOString(),
      windowSeconds: this.config.targetPacingWindowSeconds,
      digestFallbackBacklog: this.config.digestFallbackBacklog || null,
      projectedDrainAt: drains.length && drains.every((d) => d !== null) ? drains.reduce((a, b) => (a! > b! ? a : b)) : null,
      warnings: targets.map((t) => t.warning).filter((w): w is string => w !== null),
      targets,
    };
  }

  private async target(
    r: TargetRow,
    campaign: Pick<Campaign, 'status' | 'delivery'>,
    limit: number | null,
    endsAt: Date | null,
    startMs: number | null,
    nowMs: number,
  ): Promise<TargetForecast> {
    const sentThisWindow = limit ? await this.pacer.used(r.email).catch(() => null) : null;
    // office hours, in the target's zone (as the letter sender reads it: an unknown one is UTC)
    const window = campaign.delivery.sendWindow ?? null;
    const ownZone = timeZoneOf({ timeZone: r.time_zone, country: r.country }).zone;
    const zone = ownZone && isTimeZone(ownZone) ? ownZone : FALLBACK_TIME_ZONE;
    const fromMs = Math.max(nowMs, startMs ?? nowMs);
    const windowOpensAt = window && r.backlog > 0 && !currentOpening(window, zone, fromMs) ? nextOpening(window, zone, fromMs).openMs : null;
    const heldBecause =
      campaign.status === 'paused'
        ? 'the campaign is paused'
        : campaign.status === 'draft'
          ? 'the campaign is a draft'
          : r.failing_since
            ? 'the address is failing (hard bounces): clear the flag to send'
            : r.reply_held_since
              ? 'the official gave a substantive reply (onReply "hold"): release the target to send'
              : null;
    const p = projectDrain({
      backlog: r.backlog,
      pacedBacklog: r.paced_backlog,
      limit,
      windowSeconds: this.config.targetPacingWindowSeconds,
      usedThisWindow: sentThisWindow ?? 0,
      sentLastHour: r.sent_last_hour,
      nowMs,
      startMs,
      sendWindow: window,
      timeZone: zone,
    });
    const held = heldBecause !== null && r.backlog > 0;
    const drainAtMs = held ? null : p.drainAtMs;
    // letters held until a startAt set after the end were meant to go after it: no warning then
    const deliversAfterEnd = !!endsAt && startMs !== null && startMs >= endsAt.getTime();
    const pastEndsAt = r.backlog > 0 && !!endsAt && !deliversAfterEnd && drainAtMs !== null && drainAtMs > endsAt.getTime();
    const drainAt = drainAtMs === null ? null : new Date(drainAtMs).toISOString();
    const rate = p.basis === 'pacing-limit' ? `At ${letters(limit!)} an hour` : `At the current ${letters(r.sent_last_hour)} an hour`;
    let warning: string | null = null;
    if (held) warning = `${letters(r.backlog)} owed to ${r.name} ${r.backlog === 1 ? 'is' : 'are'} held: ${heldBecause}.`;
    else if (pastEndsAt) {
      warning = `${rate}, the ${letters(r.backlog)} owed to ${r.name} need${r.backlog === 1 ? 's' : ''} until ${drainAt}: after the campaign ends (${endsAt!.toISOString()}).`;
    }
    return {
      targetId: r.target_id,
      name: r.name,
      email: r.email,
      mode: campaign.delivery.mode === 'digest' || r.digest_since ? 'digest' : 'individual',
      digestSince: r.digest_since ? new Date(r.digest_since).toISOString() : null,
      replyHeldSince: r.reply_held_since ? new Date(r.reply_held_since).toISOString() : null,
      backlog: r.backlog,
      pacedBacklog: r.paced_backlog,
      maxPerHour: limit,
      sentLastHour: r.sent_last_hour,
      sentThisWindow,
      basis: held ? 'held' : p.basis,
      heldBecause: held ? heldBecause : null,
      heldUntil: !held && startMs !== null && r.backlog > 0 ? new Date(startMs).toISOString() : null,
      timeZone: ownZone,
      windowOpensAt: !held && windowOpensAt !== null ? new Date(windowOpensAt).toISOString() : null,
      projectedSeconds: drainAtMs === null ? null : Math.max(0, Math.ceil((drainAtMs - nowMs) / 1000)),
      projectedDrainAt: drainAt,
      pastEndsAt,
      warning,
    };
  }
}
