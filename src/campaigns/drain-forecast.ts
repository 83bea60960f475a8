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
}

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
    if (owed <= left) return { drainAtMs: fromMs, basis: 'pacing-limit', slotsLeftThisWindow: left };
    const windowsAfter = Math.ceil((owed - left) / f.limit);
    return { drainAtMs: windowEndMs + (windowsAfter - 1) * windowMs, basis: 'pacing-limit', slotsLeftThisWindow: left };
  }
  if (f.sentLastHour > 0) {
    return { drainAtMs: fromMs + Math.ceil((f.backlog / f.sentLastHour) * 3_600_000), basis: 'current-rate', slotsLeftThisWindow: null };
  }
  return { drainAtMs: null, basis: 'unknown', slotsLeftThisWindow: null };
}
