/**
 * `delivery.startAt`: a campaign that collects first and delivers on a chosen day holds every
 * letter until then. The letters stay `queued` in PostgreSQL (no attempt spent) like a paused
 * campaign's; what lets them go is this one condition, shared by every statement that decides
 * whether a letter may leave now (the worker's claim, the reconciler, digests, the forecast).
 * startAt is stored as UTC ISO 8601 text (CampaignsService normalises it), so the cast is exact.
 */
export const startAtSql = (campaign: string) => `(${campaign}.delivery->>'startAt')::timestamptz`;

/** SQL: the campaign aliased `campaign` lets its letters go now (no startAt, or it has come). */
export const lettersMayGoSql = (campaign: string) => `(${campaign}.delivery->>'startAt' IS NULL OR ${startAtSql(campaign)} <= now())`;

/** SQL: the campaign aliased `campaign` sends letters now: live (or closed, finishing what it owes) and past its startAt. The claim, the reconciler and the launch backfill ask this one condition. */
export const campaignSendsSql = (campaign: string) => `(${campaign}.status IN ('live', 'closed') AND ${lettersMayGoSql(campaign)})`;

/** The maintenance job that hands the held letters to the queue at startAt (one per campaign and time). */
export const startAtJobId = (campaignId: string, startAt: string) => `start-${campaignId}-${Date.parse(startAt)}`;

/** startAt as stored: UTC ISO 8601, or null. */
export function normaliseStartAt(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return new Date(value).toISOString();
}
