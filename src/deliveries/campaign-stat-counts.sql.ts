/**
 * The campaigns' counts as the stats keep them (src/deliveries/stats-rollup.ts): the rolled-up
 * totals and the deltas not folded yet, a row per (campaign, kind, status) several times over, to
 * be summed. `where` narrows both (e.g. to a kind or to some campaigns); one statement, so one
 * consistent snapshot of a count being folded.
 */
export const campaignStatCountParts = (where = 'TRUE') => `
  SELECT campaign_id, kind, status, n FROM campaign_stat_totals WHERE ${where}
  UNION ALL
  SELECT campaign_id, kind, status, n FROM campaign_stat_deltas WHERE sent_minute IS NULL AND ${where}`;
