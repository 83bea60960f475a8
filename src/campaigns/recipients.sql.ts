import { audienceIncludesSql, type Audience } from './audience.js';

/** One official who receives the letters of a supporter of a given country (RECIPIENTS_SQL). */
export interface RecipientRow {
  id: string;
  name: string;
  title: string;
  organization: string;
  country: string | null;
  audience: Audience;
}

/**
 * The rows of that rule: the campaign's launched, active targets whose audience includes a
 * supporter of `country` (SQL expressions; aliases ct, t).
 */
const receivingFrom = (campaign: string, country: string) => `
    FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id AND t.active
   WHERE ct.campaign_id = ${campaign} AND ct.status = 'launched' AND ${audienceIncludesSql('ct', 't', country)}`;

/** The order supporters are told the officials in: launch order, then name. */
const RECIPIENT_ORDER = 'ct.launched_at, t.name';

/**
 * Who receives a supporter's letters: the campaign's launched, active targets whose audience
 * includes a supporter of country $2, in launch order. The same rule makes the letters owed
 * (DeliveryLedger.oweForSignature), so what a supporter is told before signing is what happens.
 * $1 the campaign id, $2 the supporter's country (ISO 3166-1 alpha-2).
 */
export const RECIPIENTS_SQL = `
  SELECT t.id, t.name, t.title, t.organization, t.country, ct.audience${receivingFrom('$1', '$2::text')}
   ORDER BY ${RECIPIENT_ORDER}`;

/**
 * The same officials, in the same order, as one JSON array of { name, title, organization }: a
 * column of a statement that needs them beside others (the claim of a supporter email), for the
 * campaign and country that statement names (SQL expressions).
 */
export function recipientNamesJsonSql(campaign: string, country: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('name', t.name, 'title', t.title, 'organization', t.organization) ORDER BY ${RECIPIENT_ORDER}), '[]'::json)${receivingFrom(campaign, country)})`;
}

/** How many launched, active targets a campaign has, and how many would receive a supporter of country $2 ($1 the campaign id). */
export const RECEIVING_SQL = `
  SELECT count(*)::int AS launched, count(*) FILTER (WHERE ${audienceIncludesSql('ct', 't', '$2::text')})::int AS receiving
    FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id AND t.active
   WHERE ct.campaign_id = $1 AND ct.status = 'launched'`;
