import { COUNTRY_TIME_ZONES } from './country-time-zones.js';
import { canonicalTimeZone, isTimeZone, timeZoneOf } from './time-zone.js';

describe('the countries with one time zone', () => {
  it('names the zone of a country that has only one, and none for a country with several', () => {
    expect(COUNTRY_TIME_ZONES.FR).toBe('Europe/Paris');
    expect(COUNTRY_TIME_ZONES.LB).toBe('Asia/Beirut');
    expect(COUNTRY_TIME_ZONES.EG).toBe('Africa/Cairo');
    expect(COUNTRY_TIME_ZONES.SY).toBe('Asia/Damascus');
    for (const several of ['RU', 'US', 'BR', 'AU', 'CA']) expect([several, COUNTRY_TIME_ZONES[several]]).toEqual([several, undefined]);
  });

  it('holds only codes of two capital letters and zones this Node.js knows', () => {
    const entries = Object.entries(COUNTRY_TIME_ZONES);
    expect(entries.length).toBeGreaterThan(150);
    for (const [country, zone] of entries) {
      expect(country).toMatch(/^[A-Z]{2}$/);
      expect([country, isTimeZone(zone)]).toEqual([country, true]);
    }
  });
});

describe("a target's time zone", () => {
  it('its own first, then its country’s only one, then none', () => {
    expect(timeZoneOf({ timeZone: 'Asia/Vladivostok', country: 'RU' })).toEqual({ zone: 'Asia/Vladivostok', source: 'target' });
    expect(timeZoneOf({ timeZone: 'Europe/Moscow', country: 'FR' })).toEqual({ zone: 'Europe/Moscow', source: 'target' });
    expect(timeZoneOf({ timeZone: null, country: 'LB' })).toEqual({ zone: 'Asia/Beirut', source: 'country' });
    expect(timeZoneOf({ timeZone: null, country: 'RU' })).toEqual({ zone: null, source: 'none' });
    expect(timeZoneOf({ timeZone: null, country: null })).toEqual({ zone: null, source: 'none' });
  });

  it('checks and spells zones as Intl does', () => {
    expect(canonicalTimeZone('europe/moscow')).toBe('Europe/Moscow');
    expect(canonicalTimeZone(' Asia/Beirut ')).toBe('Asia/Beirut');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['Mars/Olympus_Mons', '', '   ', 42, null, 'x'.repeat(100)]) expect(canonicalTimeZone(bad)).toBeNull();
    expect(isTimeZone('Africa/Cairo')).toBe(true);
    expect(isTimeZone('Moscow')).toBe(false);
  });
});
