/**
 * Office hours: a campaign's `delivery.sendWindow` says when its letters may reach an official,
 * in the official's own time zone. Pure arithmetic on instants (epoch ms) and IANA zone names,
 * through Intl only (the zone rules Node.js carries): no time zone library, no clock of its own.
 *
 * - A window is `[fromHour:00, toHour:00)` local time, every day, or Monday to Friday only with
 *   `weekdaysOnly` (Saturday and Sunday are closed, whatever the country's own weekend).
 * - `fromHour` > `toHour` is an overnight window: 22 → 6 opens at 22:00 and closes at 06:00 the
 *   next morning. An opening belongs to the day it opens on: with `weekdaysOnly`, Friday 22:00 →
 *   Saturday 06:00 is open, Sunday 22:00 → Monday 06:00 is not.
 * - `toHour` 24 is midnight at the end of the day; `fromHour` equal to `toHour` is refused by the
 *   API (it would mean either never or always).
 * - Daylight saving time moves the instants, never the local hours: a window of 9 → 17 opens at
 *   09:00 local on both sides of a change. An opening hour that a change skips (02:00 on a
 *   spring-forward night) opens at the first local time after the gap.
 */
export interface SendWindow {
  /** the local hour it opens, 0-23 */
  fromHour: number;
  /** the local hour it closes, 1-24 (fewer than fromHour: the next morning) */
  toHour: number;
  /** Monday to Friday only (by the day each opening starts on) */
  weekdaysOnly?: boolean;
}

/** One opening of a window: from `openMs` (inclusive) to `closeMs` (exclusive). */
export interface Opening {
  openMs: number;
  closeMs: number;
}

/** The time zone a letter follows when its target has none, and its country more than one (or none). */
export const FALLBACK_TIME_ZONE = 'UTC';

interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time in `zone` at the instant `ms`. */
export function localTime(zone: string, ms: number): LocalTime {
  const parts = formatter(zone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** 0 Sunday … 6 Saturday */
export function weekday(d: LocalDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** The offset of `zone` from UTC at the instant `ms` (local = UTC + offset), to the second. */
function offsetMs(zone: string, ms: number): number {
  const l = localTime(zone, ms);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant the wall clock of `zone` shows `hour`:00 on the date `d` (hour 24: midnight at
 * the end of it). A time that a daylight-saving change skips maps to the first one after it.
 */
export function instantOf(zone: string, d: LocalDate, hour: number): number {
  const wall = Date.UTC(d.year, d.month - 1, d.day, hour);
  // the offset at the wall time read as UTC is right unless a change lies between the two
  const guess = offsetMs(zone, wall);
  const first = wall - guess;
  const atFirst = offsetMs(zone, first);
  if (atFirst === guess) return first;
  const second = wall - atFirst;
  if (offsetMs(zone, second) === atFirst) return second;
  // in a gap: the clock jumped over that time; the first instant after it
  return Math.max(first, second);
}

function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The opening that starts on the local date `d`; null when the window is shut that day (a weekend with weekdaysOnly). */
function openingOn(w: SendWindow, zone: string, d: LocalDate): Opening | null {
  if (w.weekdaysOnly) {
    const wd = weekday(d);
    if (wd === 0 || wd === 6) return null;
  }
  const overnight = w.fromHour > w.toHour;
  return { openMs: instantOf(zone, d, w.fromHour), closeMs: instantOf(zone, overnight ? addDays(d, 1) : d, w.toHour) };
}

/** The opening `nowMs` is in, or null when the window is closed then. */
export function currentOpening(w: SendWindow, zone: string, nowMs: number): Opening | null {
  const today = localTime(zone, nowMs);
  // an overnight window that opened yesterday may still be open this morning
  for (const days of [0, -1]) {
    const o = openingOn(w, zone, addDays(today, days));
    if (o && o.openMs <= nowMs && nowMs < o.closeMs) return o;
  }
  return null;
}

export function isOpen(w: SendWindow, zone: string, nowMs: number): boolean {
  return currentOpening(w, zone, nowMs) !== null;
}

/** The first opening that starts after `nowMs` (strictly: while open, the one after this). */
export function nextOpening(w: SendWindow, zone: string, nowMs: number): Opening {
  const today = localTime(zone, nowMs);
  // a weekend with weekdaysOnly shuts three days at most; a day more for a daylight-saving edge
  for (let days = 0; days <= 8; days++) {
    const o = openingOn(w, zone, addDays(today, days));
    if (o && o.openMs > nowMs) return o;
  }
  throw new Error(`the send window ${JSON.stringify(w)} never opens in ${zone}`);
}

/**
 * Where a letter that found the window closed goes in the next opening: the `rank`-th letter
 * deferred to it (0 the first) goes `rank` × `gapMs` after it opens, wrapped within the opening's
 * length, so a night's letters are spread over the morning instead of all going at its first
 * minute. (The gap: 3600 s / maxPerTargetPerHour when the campaign is paced, else 1 s.)
 */
export function spreadWithin(o: Opening, rank: number, gapMs: number): number {
  const lengthMs = o.closeMs - o.openMs;
  return o.openMs + ((Math.max(0, rank) * Math.max(0, gapMs)) % lengthMs);
}

/** The gap between letters deferred to one opening of one official (see spreadWithin). */
export function spreadGapMs(maxPerTargetPerHour: number | null | undefined): number {
  return maxPerTargetPerHour ? Math.ceil(3_600_000 / maxPerTargetPerHour) : 1000;
}

/**
 * The openings from `fromMs` on, in order, the one it is in first (cut to start at `fromMs`); at
 * most `limit` of them.
 */
export function* openingsFrom(w: SendWindow, zone: string, fromMs: number, limit = 3660): Generator<Opening> {
  const today = localTime(zone, fromMs);
  let count = 0;
  // from yesterday's (an overnight window's may still be open), one day at a time
  for (let days = -1; count < limit; days++) {
    const o = openingOn(w, zone, addDays(today, days));
    if (!o || o.closeMs <= fromMs) continue;
    count++;
    yield { openMs: Math.max(o.openMs, fromMs), closeMs: o.closeMs };
  }
}

/**
 * The instant by which `openMs` of open time has passed from `fromMs` on (closed hours do not
 * count): when work that takes that long while the window is open is done. 0 of it: the first
 * open instant. Null when it would take more than `maxOpenings` openings.
 */
export function afterOpenTime(w: SendWindow, zone: string, fromMs: number, openMs: number, maxOpenings = 3660): number | null {
  let left = Math.max(0, openMs);
  for (const o of openingsFrom(w, zone, fromMs, maxOpenings)) {
    const length = o.closeMs - o.openMs;
    if (left <= length) return o.openMs + left;
    left -= length;
  }
  return null;
}

/** How much of [fromMs, toMs) the window is open. */
export function openTimeBetween(w: SendWindow, zone: string, fromMs: number, toMs: number): number {
  let total = 0;
  if (toMs <= fromMs) return 0;
  for (const o of openingsFrom(w, zone, fromMs)) {
    if (o.openMs >= toMs) break;
    total += Math.min(o.closeMs, toMs) - o.openMs;
  }
  return total;
}
