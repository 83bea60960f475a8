import { afterOpenTime, currentOpening, openingsFrom, type SendWindow } from '../deliveries/send-window.js';

/**
 * When the letters owed to one target will all have gone, under its pacing limit. Pure: the
 * forecast service gathers the figures, this does the arithmetic.
 *
 * Pacing (TargetPacer) lets `limit` letters to one address go per fixed window of
 * `windowSeconds` (aligned on the epoch, shared by every worker and every paced campaign): the
 * slots left in the current window go at once, then `limit` at the start of each window after.
 * So the last of `pacedBacklog` letters goes at the start of window k after this one, where k
 * is how many full windows the letters beyond the current slots need. With no limit the
 * workers' own speed decides, and the best guess is the rate of the last hour. A campaign that
 * holds its letters until delivery.startAt is projected from then: nothing goes before it.
 *
 * Office hours (delivery.sendWindow, read in the target's time zone) take the closed hours out:
 * paced, only the pacing windows inside an opening carry letters (`limit` each, a window cut by
 * the opening's edge its share of them, rounded up), the last letter going at the start of its
 * window or of the opening; at the current rate, the hours needed are open hours, and the closed
 * ones in between are added. Nothing goes before the first opening.
 */
export interface DrainFigures {
  /** this campaign's letters to the target not yet sent */
  backlog: number;
  /** letters to the same address not yet sent from every paced campaign (they share its windows); >= backlog when paced */
  pacedBacklog: number;
  /** the campaign's maxPerTargetPerHour: letters per window; null: not paced */
  limit: number | null;
  windowSeconds: number;
  /** slots of the current window already taken (all campaigns) */
  usedThisWindow: number;
  /** this campaign's letters to the target sent in the last hour */
  sentLastHour: number;
  nowMs: number;
  /** delivery.startAt (epoch ms): the letters are held until then; absent or past: from now */
  startMs?: number | null;
  /** delivery.sendWindow: letters go only while it is open in `timeZone`; absent or null: any time */
  sendWindow?: SendWindow | null;
  /** the target's IANA time zone (default UTC) */
  timeZone?: string;
}

/** Openings looked at before a forecast gives up (unknown): ten years of daily windows, fourteen of weekdays. */
export const MAX_FORECAST_OPENINGS = 3660;

export interface DrainProjection {
  /** when the last letter can go (epoch ms); null when unknown (no limit, nothing sent lately) */
  drainAtMs: number | null;
  basis: 'nothing-owed' | 'pacing-limit' | 'current-rate' | 'unknown';
  /** paced: slots left in the current window (the window of startAt, when that is to come) */
  slotsLeftThisWindow: number | null;
}

export function projectDrain(f: DrainFigures): DrainProjection {
  if (f.backlog === 0) return { drainAtMs: f.nowMs, basis: 'nothing-owed', slotsLeftThisWindow: null };
  const fromMs = Math.max(f.nowMs, f.startMs ?? f.nowMs);
  if (f.limit) {
    const windowMs = f.windowSeconds * 1000;
    const window = Math.floor(fromMs / windowMs);
    const windowEndMs = (window + 1) * windowMs;
    // the slots taken now count only if the letters start within this very window
    const used = window === Math.floor(f.nowMs / windowMs) ? f.usedThisWindow : 0;
    const left = Math.max(0, f.limit - used);
    const owed = Math.max(f.pacedBacklog, f.backlog);
    if (f.sendWindow) {
      const drainAtMs = pacedThroughWindow(f, f.sendWindow, fromMs, owed, used);
      return drainAtMs === null ? unknown : { drainAtMs, basis: 'pacing-limit', slotsLeftThisWindow: left };
    }
    if (owed <= left) return { drainAtMs: fromMs, basis: 'pacing-limit', slotsLeftThisWindow: left };
    const windowsAfter = Math.ceil((owed - left) / f.limit);
    return { drainAtMs: windowEndMs + (windowsAfter - 1) * windowMs, basis: 'pacing-limit', slotsLeftThisWindow: left };
  }
  if (f.sentLastHour > 0) {
    const needMs = Math.ceil((f.backlog / f.sentLastHour) * 3_600_000);
    if (f.sendWindow) {
      const drainAtMs = afterOpenTime(f.sendWindow, f.timeZone ?? 'UTC', fromMs, needMs, MAX_FORECAST_OPENINGS);
      return drainAtMs === null ? unknown : { drainAtMs, basis: 'current-rate', slotsLeftThisWindow: null };
    }
    return { drainAtMs: fromMs + needMs, basis: 'current-rate', slotsLeftThisWindow: null };
  }
  return unknown;
}

const unknown: DrainProjection = { drainAtMs: null, basis: 'unknown', slotsLeftThisWindow: null };

/**
 * Paced letters through office hours: walks the openings from `fromMs`, and in each the pacing
 * windows it overlaps; `owed` letters take their slots in order. Answers when the last goes (the
 * start of its pacing window, or of the opening when that is later, never before `fromMs`), or
 * null past MAX_FORECAST_OPENINGS openings. `used`: the slots already taken in the current
 * pacing window.
 */
function pacedThroughWindow(f: DrainFigures, window: SendWindow, fromMs: number, owed: number, used: number): number | null {
  const limit = f.limit!;
  const windowMs = f.windowSeconds * 1000;
  const zone = f.timeZone ?? 'UTC';
  const current = Math.floor(f.nowMs / windowMs);
  let first = true;
  for (const cut of openingsFrom(window, zone, fromMs, MAX_FORECAST_OPENINGS)) {
    // the opening's own edges share out the slots of the pacing windows they cut (fromMs does not)
    const o = first ? (currentOpening(window, zone, fromMs) ?? cut) : cut;
    first = false;
    let w = Math.floor(cut.openMs / windowMs);
    while (w * windowMs < o.closeMs) {
      const start = Math.max(o.openMs, w * windowMs);
      const whole = Math.floor(o.closeMs / windowMs) - w;
      if (start === w * windowMs && start >= fromMs && w !== current && whole > 1) {
        // the pacing windows wholly inside the opening, in one step
        if (owed <= whole * limit) return (w + Math.ceil(owed / limit) - 1) * windowMs;
        owed -= whole * limit;
        w += whole;
        continue;
      }
      const end = Math.min(o.closeMs, (w + 1) * windowMs);
      const cap = end - start >= windowMs ? limit : Math.ceil((limit * (end - start)) / windowMs);
      const here = w === current ? Math.max(0, cap - used) : cap;
      if (owed <= here) return Math.max(start, fromMs);
      owed -= here;
      w++;
    }
  }
  return null;
}
