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

  describe('office hours (delivery.sendWindow)', () => {
    // NOW is Thursday 9 February 2012, 10:15 UTC
    const OFFICE = { fromHour: 9, toHour: 17 };
    const WEEKDAYS = { fromHour: 9, toHour: 17, weekdaysOnly: true };
    const at = (day: number, hour: number, minute = 0) => Date.UTC(2012, 1, day, hour, minute);

    it('paced: only the pacing windows inside the openings carry letters', () => {
      // 100 in this window (10:00), 6 more today (11:00 to 16:00), then 09:00, 10:00 and 11:00 on Friday
      expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1000, limit: 100, sendWindow: OFFICE, timeZone: 'UTC' }))).toEqual({
        drainAtMs: at(10, 11),
        basis: 'pacing-limit',
        slotsLeftThisWindow: 100,
      });
      // the slots of this window already taken count
      expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1000, limit: 100, usedThisWindow: 30, sendWindow: OFFICE })).drainAtMs).toBe(at(10, 12));
      // what fits in this window goes now
      expect(projectDrain(figures({ backlog: 60, pacedBacklog: 60, limit: 100, usedThisWindow: 40, sendWindow: OFFICE })).drainAtMs).toBe(NOW);
      expect(projectDrain(figures({ backlog: 61, pacedBacklog: 61, limit: 100, usedThisWindow: 40, sendWindow: OFFICE })).drainAtMs).toBe(NEXT_WINDOW);
      // the last window of the day, then the first of the next
      expect(projectDrain(figures({ backlog: 700, pacedBacklog: 700, limit: 100, sendWindow: OFFICE })).drainAtMs).toBe(at(9, 16));
      expect(projectDrain(figures({ backlog: 701, pacedBacklog: 701, limit: 100, sendWindow: OFFICE })).drainAtMs).toBe(at(10, 9));
      // closed now (20:00): the first opening, the slots of this hour not counted
      expect(projectDrain(figures({ backlog: 5, pacedBacklog: 5, limit: 100, usedThisWindow: 100, nowMs: at(9, 20), sendWindow: OFFICE })).drainAtMs).toBe(
        at(10, 9),
      );
      expect(projectDrain(figures({ backlog: 250, pacedBacklog: 250, limit: 100, nowMs: at(9, 20), sendWindow: OFFICE })).drainAtMs).toBe(at(10, 11));
    });

    it('paced, weekdays only: the weekend adds two days', () => {
      // from Friday 10:15: 700 on Friday, the last 300 on Monday 13 February, at 11:00
      expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1000, limit: 100, nowMs: at(10, 10, 15), sendWindow: WEEKDAYS })).drainAtMs).toBe(at(13, 11));
      // every day: Saturday instead
      expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1000, limit: 100, nowMs: at(10, 10, 15), sendWindow: OFFICE })).drainAtMs).toBe(at(11, 11));
    });

    it("paced, in the target's time zone", () => {
      // Beirut is UTC+2 in February: 09:00 to 17:00 there is 07:00 to 15:00 UTC; 500 today (10:00 to 14:00), 500 on Friday from 07:00
      expect(projectDrain(figures({ backlog: 1000, pacedBacklog: 1000, limit: 100, sendWindow: OFFICE, timeZone: 'Asia/Beirut' })).drainAtMs).toBe(at(10, 11));
      // Kolkata is UTC+5:30: 03:30 to 11:30 UTC, so the pacing windows at 11:00 and 03:00 are half open (half their slots)
      const kolkata = figures({ backlog: 200, pacedBacklog: 200, limit: 100, usedThisWindow: 30, sendWindow: OFFICE, timeZone: 'Asia/Kolkata' });
      // 70 now, 50 at 11:00, 50 at 03:30 on Friday, the last 30 at 04:00
      expect(projectDrain(kolkata).drainAtMs).toBe(at(10, 4));
      expect(projectDrain({ ...kolkata, backlog: 170, pacedBacklog: 170 }).drainAtMs).toBe(at(10, 3, 30));
      expect(projectDrain({ ...kolkata, backlog: 120, pacedBacklog: 120 }).drainAtMs).toBe(at(9, 11));
    });

    it('paced, with a short pacing window (tests)', () => {
      // 25 at 10 a minute from 16:59:30, closing at 17:00: 10 now, the rest on Friday at 09:00 and 09:01
      expect(
        projectDrain(figures({ backlog: 25, pacedBacklog: 25, limit: 10, windowSeconds: 60, nowMs: at(9, 16, 59) + 30_000, sendWindow: OFFICE })).drainAtMs,
      ).toBe(at(10, 9, 1));
    });

    it('held until startAt, then office hours', () => {
      // startAt on Saturday, weekdays only: Monday's opening
      expect(projectDrain(figures({ backlog: 50, pacedBacklog: 50, limit: 100, startMs: at(11, 12), sendWindow: WEEKDAYS })).drainAtMs).toBe(at(13, 9));
      expect(projectDrain(figures({ backlog: 120, sentLastHour: 60, startMs: at(11, 12), sendWindow: WEEKDAYS })).drainAtMs).toBe(at(13, 11));
      // startAt inside an opening: from then
      expect(projectDrain(figures({ backlog: 50, pacedBacklog: 50, limit: 100, startMs: at(10, 12, 30), sendWindow: OFFICE })).drainAtMs).toBe(at(10, 12, 30));
    });

    it('at the current rate: the hours it needs are open hours, the closed ones added', () => {
      // 2 hours of work from Thursday 16:15: 45 minutes today, 1 h 15 on Friday from 09:00
      expect(projectDrain(figures({ backlog: 120, sentLastHour: 60, nowMs: at(9, 16, 15), sendWindow: OFFICE }))).toEqual({
        drainAtMs: at(10, 10, 15),
        basis: 'current-rate',
        slotsLeftThisWindow: null,
      });
      // open all along: as without a window
      expect(projectDrain(figures({ backlog: 120, sentLastHour: 60, sendWindow: OFFICE })).drainAtMs).toBe(NOW + 2 * HOUR);
      // nothing sent lately: still unknown
      expect(projectDrain(figures({ backlog: 120, sendWindow: OFFICE })).basis).toBe('unknown');
    });

    it('unknown when it would take longer than the forecast looks', () => {
      expect(projectDrain(figures({ backlog: 10_000_000, pacedBacklog: 10_000_000, limit: 1, sendWindow: WEEKDAYS }))).toEqual({
        drainAtMs: null,
        basis: 'unknown',
        slotsLeftThisWindow: null,
      });
      expect(projectDrain(figures({ backlog: 10_000_000, sentLastHour: 1, sendWindow: WEEKDAYS })).basis).toBe('unknown');
    });
  });
});
