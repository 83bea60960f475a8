import { projectDrain, type DrainFigures } from './drain-forecast.js';

const HOUR = 3_600_000;
/** 10:15 on some day, a quarter into its hour window */
const NOW = Date.UTC(2012, 1, 9, 10, 15, 0);
const NEXT_WINDOW = Date.UTC(2012, 1, 9, 11, 0, 0);
const figures = (f: Partial<DrainFigures>): DrainFigures => ({
  backlog: 0,
  pacedBacklog: 0,
  limit: null,
  windowSeconds: 3600,
  usedThisWindow: 0,
  sentLastHour: 0,
  nowMs: NOW,
  ...f,
});

describe('drain forecast', () => {
  it('nothing owed: drained now', () => {
    expect(projectDrain(figures({ limit: 100 }))).toEqual({ drainAtMs: NOW, basis: 'nothing-owed', slotsLeftThisWindow: null });
  });

  it('paced: the slots left in this window, then `limit` at the start of each window after', () => {
    // 1,000 owed at 100 an hour, none used yet: 100 now, then 9 more windows: the last starts 8 hours after the next one
    expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1000, limit: 100 }))).toEqual({
      drainAtMs: NEXT_WINDOW + 8 * HOUR,
      basis: 'pacing-limit',
      slotsLeftThisWindow: 100,
    });
    // 30 slots of this window taken by letters to the same address already: 70 now, 930 in 10 windows
    expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1000, limit: 100, usedThisWindow: 30 })).drainAtMs).toBe(NEXT_WINDOW + 9 * HOUR);
    // another paced campaign owes the same address 200 more: they share the windows
    expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1200, limit: 100 })).drainAtMs).toBe(NEXT_WINDOW + 10 * HOUR);
    // all of it fits in what is left of this window
    expect(projectDrain(figures({ backlog: 60, pacedBacklog: 60, limit: 100, usedThisWindow: 40 }))).toMatchObject({ drainAtMs: NOW, slotsLeftThisWindow: 60 });
    // one over: the start of the next window
    expect(projectDrain(figures({ backlog: 61, pacedBacklog: 61, limit: 100, usedThisWindow: 40 })).drainAtMs).toBe(NEXT_WINDOW);
    // the window is full
    expect(projectDrain(figures({ backlog: 5, pacedBacklog: 5, limit: 100, usedThisWindow: 120 }))).toMatchObject({
      drainAtMs: NEXT_WINDOW,
      slotsLeftThisWindow: 0,
    });
  });

  it('paced with a short window (tests), aligned on the epoch like the pacer', () => {
    expect(projectDrain(figures({ backlog: 25, pacedBacklog: 25, limit: 10, windowSeconds: 60, nowMs: NOW + 30_000 })).drainAtMs).toBe(NOW + 60_000 + 60_000);
  });

  it('letters held until delivery.startAt: projected from then, the current window forgotten when startAt is in a later one', () => {
    const start = NEXT_WINDOW + 5 * HOUR + 30 * 60_000; // 16:30, half into its window
    // 250 owed at 100 an hour from 16:30: 100 then, 100 at 17:00, the last 50 at 18:00; today's 90 used slots do not count
    expect(projectDrain(figures({ backlog: 250, pacedBacklog: 250, limit: 100, usedThisWindow: 90, startMs: start }))).toEqual({
      drainAtMs: start + 30 * 60_000 + HOUR,
      basis: 'pacing-limit',
      slotsLeftThisWindow: 100,
    });
    // all of it fits in startAt's window: the last goes at startAt
    expect(projectDrain(figures({ backlog: 40, pacedBacklog: 40, limit: 100, startMs: start })).drainAtMs).toBe(start);
    // startAt later in this very window: the slots taken now still count
    expect(projectDrain(figures({ backlog: 40, pacedBacklog: 40, limit: 100, usedThisWindow: 90, startMs: NOW + 60_000 })).drainAtMs).toBe(NEXT_WINDOW);
    // not paced: from startAt at the rate of the last hour
    expect(projectDrain(figures({ backlog: 120, sentLastHour: 60, startMs: start })).drainAtMs).toBe(start + 2 * HOUR);
    // a startAt gone by changes nothing
    expect(projectDrain(figures({ backlog: 120, sentLastHour: 60, startMs: NOW - HOUR })).drainAtMs).toBe(NOW + 2 * HOUR);
  });

  it('not paced: at the rate of the last hour, or unknown when nothing went', () => {
    expect(projectDrain(figures({ backlog: 120, sentLastHour: 60 }))).toEqual({ drainAtMs: NOW + 2 * HOUR, basis: 'current-rate', slotsLeftThisWindow: null });
    expect(projectDrain(figures({ backlog: 120 }))).toEqual({ drainAtMs: null, basis: 'unknown', slotsLeftThisWindow: null });
  });
});
