import type { EntityManager } from 'typeorm';

/** Namespace of the advisory locks keyed by campaign (the second key is hashtext(campaign id)). */
const CAMPAIGN_LOCK_NAMESPACE = 4_242_100;

/**
 * Confirmations take this lock shared; launching or withdrawing a target takes it exclusive.
 * So a confirmation either commits before a target's launch (and the launch backfill, which
 * starts after, sees it) or starts after it (and owes the new target its letter itself): no
 * confirmed signature can miss a launched target, and none owes a withdrawn one. Advisory locks
 * live in memory, so the shared side costs confirmations no row writes.
 */
export async function lockCampaign(em: EntityManager, campaignId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await em.query(`SELECT ${fn}($1, hashtext($2))`, [CAMPAIGN_LOCK_NAMESPACE, campaignId]);
}
