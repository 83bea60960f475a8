import {
  afterOpenTime,
  currentOpening,
  instantOf,
  isOpen,
  localTime,
  nextOpening,
  openingsFrom,
  openTimeBetween,
  spreadGapMs,
  spreadWithin,
  weekday,
  type SendWindow,
} from './send-window.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

const OFFICE: SendWindow = { fromHour: 9, toHour: 17 };
const WEEKDAYS: SendWindow = { fromHour: 9, toHour: 17, weekdaysOnly: true };
const NIGHT: SendWindow = { fromHour: 22, toHour: 6 };

describe('local time through Intl', () => {
  it('reads the wall clock and the weekday of a zone', () => {
    expect(localTime('Europe/Moscow', at('2026-06-10T06:59:58Z'))).toEqual({ year: 2026, month: 6, day: 10, hour: 9, minute: 59, second: 58 });
    expect(localTime('America/New_York', at('2026-01-01T03:00:00Z'))).toEqual({ year: 2025, month: 12, day: 31, hour: 22, minute: 0, second: 0 });
    expect(localTime('UTC', at('2026-06-10T00:00:00Z')).hour).toBe(0);
    expect(weekday({ year: 2026, month: 6, day: 13 })).toBe(6);
    expect(weekday({ year: 2026, month: 6, day: 15 })).toBe(1);
  });

  it('finds the instant of a local hour, on both sides of a daylight-saving change', () => {
    expect(iso(instantOf('Europe/Paris', { year: 2026, month: 1, day: 14 }, 9))).toBe('2026-01-14T08:00:00.000Z');
    expect(iso(instantOf('Europe/Paris', { year: 2026, month: 6, day: 10 }, 9))).toBe('2026-06-10T07:00:00.000Z');
    expect(iso(instantOf('Asia/Kolkata', { year: 2026, month: 6, day: 10 }, 9))).toBe('2026-06-10T03:30:00.000Z');
    expect(iso(instantOf('UTC', { year: 2026, month: 6, day: 10 }, 24))).toBe('2026-06-11T00:00:00.000Z');
    // the night the clocks go back in Paris (03:00 CEST → 02:00 CET at 01:00 UTC): 01:00 is still summer time
    expect(iso(instantOf('Europe/Paris', { year: 2026, month: 10, day: 25 }, 1))).toBe('2026-10-24T23:00:00.000Z');
    expect(iso(instantOf('Europe/Paris', { year: 2026, month: 10, day: 25 }, 9))).toBe('2026-10-25T08:00:00.000Z');
    // 02:00 happens twice: either is 02:00 on the wall
    expect(localTime('Europe/Paris', instantOf('Europe/Paris', { year: 2026, month: 10, day: 25 }, 2)).hour).toBe(2);
    // the night they go forward (02:00 CET → 03:00 CEST at 01:00 UTC): 02:00 does not exist; the first time after the gap
    expect(iso(instantOf('Europe/Paris', { year: 2026, month: 3, day: 29 }, 2))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOf('America/New_York', { year: 2026, month: 3, day: 8 }, 2))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantOf('America/New_York', { year: 2026, month: 3, day: 8 }, 9))).toBe('2026-03-08T13:00:00.000Z');
  });
});

describe('is the window open?', () => {
  it('a day window: from fromHour:00 (open) to toHour:00 (closed), in the zone given', () => {
    expect(isOpen(OFFICE, 'Europe/Paris', at('2026-06-10T06:59:59.999Z'))).toBe(false);
    expect(isOpen(OFFICE, 'Europe/Paris', at('2026-06-10T07:00:00Z'))).toBe(true);
    expect(isOpen(OFFICE, 'Europe/Paris', at('2026-06-10T14:59:59.999Z'))).toBe(true);
    expect(isOpen(OFFICE, 'Europe/Paris', at('2026-06-10T15:00:00Z'))).toBe(false);
    // the same instants are another local time in Moscow (UTC+3, no summer time)
    expect(isOpen(OFFICE, 'Europe/Moscow', at('2026-06-10T06:00:00Z'))).toBe(true);
    expect(isOpen(OFFICE, 'Europe/Moscow', at('2026-06-10T05:59:59Z'))).toBe(false);
    expect(isOpen(OFFICE, 'Europe/Moscow', at('2026-06-10T14:00:00Z'))).toBe(false);
    expect(isOpen(OFFICE, 'UTC', at('2026-06-10T09:00:00Z'))).toBe(true);
    // winter: Paris is UTC+1
    expect(isOpen(OFFICE, 'Europe/Paris', at('2026-01-14T07:59:59Z'))).toBe(false);
    expect(isOpen(OFFICE, 'Europe/Paris', at('2026-01-14T08:00:00Z'))).toBe(true);
  });

  it('answers the opening it is in', () => {
    expect(currentOpening(OFFICE, 'Asia/Beirut', at('2026-06-10T10:00:00Z'))).toEqual({
      openMs: at('2026-06-10T06:00:00Z'),
      closeMs: at('2026-06-10T14:00:00Z'),
    });
    expect(currentOpening(OFFICE, 'Asia/Beirut', at('2026-06-10T14:00:00Z'))).toBeNull();
  });

  it('weekdaysOnly: Monday to Friday in the zone, whatever day it is in UTC', () => {
    expect(isOpen(WEEKDAYS, 'UTC', at('2026-06-12T12:00:00Z'))).toBe(true); // Friday
    expect(isOpen(WEEKDAYS, 'UTC', at('2026-06-13T12:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(WEEKDAYS, 'UTC', at('2026-06-14T12:00:00Z'))).toBe(false); // Sunday
    expect(isOpen(OFFICE, 'UTC', at('2026-06-13T12:00:00Z'))).toBe(true); // every day
    // Monday 09:30 in Auckland is still Sunday in UTC
    expect(isOpen(WEEKDAYS, 'Pacific/Auckland', at('2026-06-14T21:30:00Z'))).toBe(true);
    // Friday 23:30 UTC is Saturday morning in Auckland
    expect(isOpen(WEEKDAYS, 'Pacific/Auckland', at('2026-06-12T23:30:00Z'))).toBe(false);
  });

  it('an overnight window (fromHour > toHour) runs into the next morning', () => {
    // Beirut is UTC+3 in June
    expect(isOpen(NIGHT, 'Asia/Beirut', at('2026-06-10T18:59:59Z'))).toBe(false); // 21:59:59
    expect(isOpen(NIGHT, 'Asia/Beirut', at('2026-06-10T19:00:00Z'))).toBe(true); // 22:00
    expect(isOpen(NIGHT, 'Asia/Beirut', at('2026-06-10T21:30:00Z'))).toBe(true); // 00:30 the next day
    expect(isOpen(NIGHT, 'Asia/Beirut', at('2026-06-11T02:59:59Z'))).toBe(true); // 05:59:59
    expect(isOpen(NIGHT, 'Asia/Beirut', at('2026-06-11T03:00:00Z'))).toBe(false); // 06:00
    expect(currentOpening(NIGHT, 'Asia/Beirut', at('2026-06-11T01:00:00Z'))).toEqual({
      openMs: at('2026-06-10T19:00:00Z'),
      closeMs: at('2026-06-11T03:00:00Z'),
    });
  });

  it('an overnight opening belongs to the day it opens on, for weekdaysOnly', () => {
    const w: SendWindow = { ...NIGHT, weekdaysOnly: true };
    expect(isOpen(w, 'UTC', at('2026-06-13T01:00:00Z'))).toBe(true); // Saturday 01:00, opened Friday 22:00
    expect(isOpen(w, 'UTC', at('2026-06-13T23:00:00Z'))).toBe(false); // Saturday 23:00
    expect(isOpen(w, 'UTC', at('2026-06-14T23:00:00Z'))).toBe(false); // Sunday 23:00
    expect(isOpen(w, 'UTC', at('2026-06-15T03:00:00Z'))).toBe(false); // Monday 03:00, would have opened on Sunday
    expect(isOpen(w, 'UTC', at('2026-06-15T22:00:00Z'))).toBe(true); // Monday 22:00
    expect(nextOpening(w, 'UTC', at('2026-06-13T12:00:00Z'))).toEqual({ openMs: at('2026-06-15T22:00:00Z'), closeMs: at('2026-06-16T06:00:00Z') });
  });

  it('toHour 24 closes at midnight; 0 opens at midnight', () => {
    expect(isOpen({ fromHour: 18, toHour: 24 }, 'UTC', at('2026-06-10T23:59:59Z'))).toBe(true);
    expect(isOpen({ fromHour: 18, toHour: 24 }, 'UTC', at('2026-06-11T00:00:00Z'))).toBe(false);
    expect(isOpen({ fromHour: 0, toHour: 6 }, 'UTC', at('2026-06-11T00:00:00Z'))).toBe(true);
    expect(isOpen({ fromHour: 0, toHour: 24 }, 'UTC', at('2026-06-11T12:00:00Z'))).toBe(true);
  });
});

describe('the next opening', () => {
  it('later today, or tomorrow once today is over; the one after while open', () => {
    expect(nextOpening(OFFICE, 'Europe/Paris', at('2026-06-10T06:59:58Z'))).toEqual({
      openMs: at('2026-06-10T07:00:00Z'),
      closeMs: at('2026-06-10T15:00:00Z'),
    });
    expect(nextOpening(OFFICE, 'Europe/Paris', at('2026-06-10T15:00:00Z'))).toEqual({
      openMs: at('2026-06-11T07:00:00Z'),
      closeMs: at('2026-06-11T15:00:00Z'),
    });
    expect(nextOpening(OFFICE, 'Europe/Paris', at('2026-06-10T10:00:00Z')).openMs).toBe(at('2026-06-11T07:00:00Z'));
    expect(nextOpening(OFFICE, 'Europe/Paris', at('2026-06-10T07:00:00Z')).openMs).toBe(at('2026-06-11T07:00:00Z'));
  });

  it('weekdaysOnly: from Friday evening, Saturday or Sunday to Monday morning', () => {
    const monday = { openMs: at('2026-06-15T06:00:00Z'), closeMs: at('2026-06-15T14:00:00Z') };
    expect(nextOpening(WEEKDAYS, 'Europe/Moscow', at('2026-06-12T15:00:00Z'))).toEqual(monday); // Friday 18:00
    expect(nextOpening(WEEKDAYS, 'Europe/Moscow', at('2026-06-13T09:00:00Z'))).toEqual(monday); // Saturday 12:00
    expect(nextOpening(WEEKDAYS, 'Europe/Moscow', at('2026-06-14T20:59:59Z'))).toEqual(monday); // Sunday 23:59:59
    expect(nextOpening(WEEKDAYS, 'Europe/Moscow', at('2026-06-11T15:00:00Z')).openMs).toBe(at('2026-06-12T06:00:00Z')); // Thursday → Friday
  });

  it('across a daylight-saving change, at the same local hour', () => {
    // Saturday 28 March 2026, Paris in winter time; Sunday 29 in summer time
    expect(nextOpening(OFFICE, 'Europe/Paris', at('2026-03-28T16:00:00Z'))).toEqual({
      openMs: at('2026-03-29T07:00:00Z'),
      closeMs: at('2026-03-29T15:00:00Z'),
    });
    expect(nextOpening(OFFICE, 'Europe/Paris', at('2026-10-24T16:00:00Z'))).toEqual({
      openMs: at('2026-10-25T08:00:00Z'),
      closeMs: at('2026-10-25T16:00:00Z'),
    });
    // a window over the skipped hour is an hour shorter that night
    expect(nextOpening({ fromHour: 1, toHour: 5 }, 'Europe/Paris', at('2026-03-28T12:00:00Z'))).toEqual({
      openMs: at('2026-03-29T00:00:00Z'),
      closeMs: at('2026-03-29T03:00:00Z'),
    });
    // New York goes forward on 8 March 2026
    expect(nextOpening(OFFICE, 'America/New_York', at('2026-03-07T23:00:00Z')).openMs).toBe(at('2026-03-08T13:00:00Z'));
    expect(nextOpening(OFFICE, 'America/New_York', at('2026-03-06T23:00:00Z')).openMs).toBe(at('2026-03-07T14:00:00Z'));
  });

  it('an overnight window opens this evening', () => {
    expect(nextOpening(NIGHT, 'UTC', at('2026-06-10T12:00:00Z'))).toEqual({ openMs: at('2026-06-10T22:00:00Z'), closeMs: at('2026-06-11T06:00:00Z') });
    expect(nextOpening(NIGHT, 'UTC', at('2026-06-11T03:00:00Z'))).toEqual({ openMs: at('2026-06-11T22:00:00Z'), closeMs: at('2026-06-12T06:00:00Z') });
  });

  it('refuses a zone Intl does not know', () => {
    expect(() => nextOpening(OFFICE, 'Mars/Olympus_Mons', 0)).toThrow(RangeError);
  });
});

describe('spreading the letters that waited over the opening', () => {
  const opening = { openMs: at('2026-06-15T06:00:00Z'), closeMs: at('2026-06-15T14:00:00Z') };

  it('the first goes as it opens, each next one a gap later', () => {
    expect(spreadWithin(opening, 0, 1000)).toBe(opening.openMs);
    expect(spreadWithin(opening, 1, 1000)).toBe(opening.openMs + 1000);
    expect(spreadWithin(opening, 3, 30_000)).toBe(opening.openMs + 90_000);
  });

  it('wraps within the opening, never past its close', () => {
    // one an hour over 8 hours: the ninth goes with the first
    expect(spreadWithin(opening, 7, HOUR)).toBe(opening.openMs + 7 * HOUR);
    expect(spreadWithin(opening, 8, HOUR)).toBe(opening.openMs);
    expect(spreadWithin(opening, 9, HOUR)).toBe(opening.openMs + HOUR);
    for (let rank = 0; rank < 50; rank++) {
      const t = spreadWithin(opening, rank, 37 * 60_000);
      expect(t).toBeGreaterThanOrEqual(opening.openMs);
      expect(t).toBeLessThan(opening.closeMs);
    }
  });

  it('the gap: the pacing limit’s interval when paced, else a second', () => {
    expect(spreadGapMs(120)).toBe(30_000);
    expect(spreadGapMs(1)).toBe(HOUR);
    expect(spreadGapMs(7)).toBe(514_286);
    expect(spreadGapMs(null)).toBe(1000);
    expect(spreadGapMs(undefined)).toBe(1000);
  });
});

describe('open time, for the forecast', () => {
  it('lists the openings from an instant, the current one cut to start there', () => {
    const gen = openingsFrom(OFFICE, 'UTC', at('2026-06-10T12:00:00Z'));
    expect([gen.next().value, gen.next().value, gen.next().value]).toEqual([
      { openMs: at('2026-06-10T12:00:00Z'), closeMs: at('2026-06-10T17:00:00Z') },
      { openMs: at('2026-06-11T09:00:00Z'), closeMs: at('2026-06-11T17:00:00Z') },
      { openMs: at('2026-06-12T09:00:00Z'), closeMs: at('2026-06-12T17:00:00Z') },
    ]);
    expect([...openingsFrom(WEEKDAYS, 'UTC', at('2026-06-12T20:00:00Z'), 2)].map((o) => iso(o.openMs))).toEqual([
      '2026-06-15T09:00:00.000Z',
      '2026-06-16T09:00:00.000Z',
    ]);
  });

  it('when an amount of open time has passed: closed hours added', () => {
    // Wednesday 16:00: one hour left today, then from 09:00 Thursday
    expect(iso(afterOpenTime(OFFICE, 'UTC', at('2026-06-10T16:00:00Z'), 2 * HOUR)!)).toBe('2026-06-11T10:00:00.000Z');
    expect(iso(afterOpenTime(OFFICE, 'UTC', at('2026-06-10T16:00:00Z'), HOUR)!)).toBe('2026-06-10T17:00:00.000Z');
    expect(iso(afterOpenTime(OFFICE, 'UTC', at('2026-06-10T20:00:00Z'), 0)!)).toBe('2026-06-11T09:00:00.000Z');
    expect(iso(afterOpenTime(OFFICE, 'UTC', at('2026-06-10T10:00:00Z'), 0)!)).toBe('2026-06-10T10:00:00.000Z');
    // Friday 16:00, 3 hours of work, weekdays only: Monday 11:00
    expect(iso(afterOpenTime(WEEKDAYS, 'UTC', at('2026-06-12T16:00:00Z'), 3 * HOUR)!)).toBe('2026-06-15T11:00:00.000Z');
    expect(afterOpenTime(OFFICE, 'UTC', 0, 1000 * HOUR, 10)).toBeNull();
  });

  it('how long the window is open between two instants', () => {
    expect(openTimeBetween(WEEKDAYS, 'UTC', at('2026-06-15T00:00:00Z'), at('2026-06-22T00:00:00Z'))).toBe(40 * HOUR);
    expect(openTimeBetween(OFFICE, 'UTC', at('2026-06-15T00:00:00Z'), at('2026-06-22T00:00:00Z'))).toBe(56 * HOUR);
    expect(openTimeBetween(OFFICE, 'UTC', at('2026-06-15T10:30:00Z'), at('2026-06-15T12:00:00Z'))).toBe(1.5 * HOUR);
    expect(openTimeBetween(NIGHT, 'UTC', at('2026-06-15T00:00:00Z'), at('2026-06-16T00:00:00Z'))).toBe(8 * HOUR);
    expect(openTimeBetween(OFFICE, 'UTC', at('2026-06-15T12:00:00Z'), at('2026-06-15T12:00:00Z'))).toBe(0);
  });
});
