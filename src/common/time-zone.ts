import { COUNTRY_TIME_ZONES } from './country-time-zones.js';

/** Where a target's time zone comes from: its own `timeZone`, its country's only zone, or neither (UTC). */
export type TimeZoneSource = 'target' | 'country' | 'none';

/**
 * The IANA name as this Node.js (ICU) knows it (its canonical spelling: "europe/moscow" →
 * "Europe/Moscow"), or null when it is not a time zone.
 */
export function canonicalTimeZone(name: unknown): string | null {
  if (typeof name !== 'string' || !name.trim() || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const isTimeZone = (name: unknown): name is string => canonicalTimeZone(name) !== null;

/**
 * The time zone a target's letters follow: its own (`timeZone`), else its country's when the
 * country has exactly one (COUNTRY_TIME_ZONES), else none (the caller uses UTC).
 */
export function timeZoneOf(target: { timeZone: string | null; country: string | null }): { zone: string | null; source: TimeZoneSource } {
  if (target.timeZone) return { zone: target.timeZone, source: 'target' };
  const byCountry = target.country ? COUNTRY_TIME_ZONES[target.country.toUpperCase()] : undefined;
  return byCountry ? { zone: byCountry, source: 'country' } : { zone: null, source: 'none' };
}
