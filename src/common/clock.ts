import { Injectable } from '@nestjs/common';

/**
 * What time it is, for the decisions that depend on the hour (office hours: is an official's
 * send window open?). One instance per process; a test moves time by spying on `now`
 * (`jest.spyOn(app.get(Clock), 'now')`), and code that schedules in real time (a BullMQ delay)
 * turns the clock's instants into a delay first (`until - clock.now()`).
 */
@Injectable()
export class Clock {
  /** epoch milliseconds */
  now(): number {
    return Date.now();
  }
}
