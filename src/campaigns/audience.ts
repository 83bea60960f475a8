import { isCountryCode } from '../common/countries.js';

export const AUDIENCE_MODES = ['everyone', 'same-country', 'countries', 'fallback'] as const;
export type AudienceMode = (typeof AUDIENCE_MODES)[number];

/**
 * The supporters a campaign target receives letters from:
 * - everyone (the default);
 * - same-country: supporters whose country is the target's (a target with no country: nobody);
 * - countries: supporters of the countries listed;
 * - fallback: supporters whom no launched same-country or countries target of the campaign takes.
 */
export type Audience = { mode: 'everyone' } | { mode: 'same-country' } | { mode: 'countries'; countries: string[] } | { mode: 'fallback' };

export const EVERYONE: Audience = { mode: 'everyone' };

/** The problem with an audience as a request gave it, or null; countries are upper-cased by `normaliseAudience`. */
export function audienceProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'audience must be an object such as {"mode":"same-country"}';
  const { mode, countries, ...rest } = value as { mode?: unknown; countries?: unknown };
  if (!AUDIENCE_MODES.includes(mode as AudienceMode)) return `audience.mode must be one of: ${AUDIENCE_MODES.join(', ')}`;
  const extra = Object.keys(rest);
  if (extra.length) return `audience has an unknown field: ${extra.join(', ')}`;
  if (mode !== 'countries') return countries === undefined ? null : `audience.countries is only for the mode "countries"`;
  if (!Array.isArray(countries) || !countries.length) return 'audience.countries must list at least one country code, e.g. ["FR","DE"]';
  if (countries.length > 300) return 'audience.countries lists at most 300 countries';
  const wrong = countries.filter((c) => typeof c !== 'string' || !isCountryCode(c.toUpperCase()));
  if (wrong.length) return `audience.countries: not an ISO 3166-1 alpha-2 country code: ${wrong.map(String).join(', ')}`;
  return null;
}

/** An audience checked by `audienceProblem`, in its stored form (countries upper-cased, sorted, once each). */
export function normaliseAudience(value: unknown): Audience {
  const a = value as Audience;
  if (a.mode === 'countries') return { mode: 'countries', countries: [...new Set(a.countries.map((c) => c.toUpperCase()))].sort() };
  return { mode: a.mode };
}

/** "everyone", "supporters in the official's country", …: how the console and the answers say it. */
export function describeAudience(a: Audience): string {
  switch (a.mode) {
    case 'everyone':
      return 'every supporter';
    case 'same-country':
      return "supporters in the official's country";
    case 'countries':
      return `supporters in ${a.countries.join(', ')}`;
    case 'fallback':
      return 'supporters whom no country-matched official receives';
  }
}

/**
 * SQL: the launched target `ct` (campaign_targets, joined to its target `t`) receives letters from a
 * supporter of country `country` (an SQL expression). A fallback target looks at the campaign's
 * other launched, active targets as they are now: the decision is taken when a letter is owed (at
 * confirmation, or at a target's launch backfill) and letters owed stay owed.
 */
export function audienceIncludesSql(ct: string, t: string, country: string): string {
  return `(CASE ${ct}.audience->>'mode'
     WHEN 'everyone' THEN true
     WHEN 'same-country' THEN ${t}.country IS NOT NULL AND ${t}.country = ${country}
     WHEN 'countries' THEN ${ct}.audience->'countries' @> to_jsonb(${country}::text)
     WHEN 'fallback' THEN NOT EXISTS (
       SELECT 1 FROM campaign_targets fo JOIN targets ft ON ft.id = fo.target_id AND ft.active
        WHERE fo.campaign_id = ${ct}.campaign_id AND fo.status = 'launched'
          AND ((fo.audience->>'mode' = 'same-country' AND ft.country = ${country})
            OR (fo.audience->>'mode' = 'countries' AND fo.audience->'countries' @> to_jsonb(${country}::text))))
     ELSE false END)`;
}

/**
 * SQL: a digest letter to target `targetId` of campaign `campaignId` (SQL expressions) lists the
 * confirmed signature `s` (its period is the caller's): the target's audience includes its
 * supporter, and the signature has no individual letter of its own to that target (sent, in
 * flight or owed: a target that switched to digests keeps those). The audience is the target's as
 * it is when the digest is made.
 */
export function digestListsSql(s: string, campaignId: string, targetId: string): string {
  return `NOT EXISTS (SELECT 1 FROM deliveries i WHERE i.signature_id = ${s}.id AND i.target_id = ${targetId} AND i.status <> 'cancelled')
          AND EXISTS (SELECT 1 FROM supporters dp, campaign_targets dct JOIN targets dt ON dt.id = dct.target_id
                       WHERE dp.id = ${s}.supporter_id AND dct.campaign_id = ${campaignId} AND dct.target_id = ${targetId}
                         AND ${audienceIncludesSql('dct', 'dt', 'dp.country')})`;
}
