/**
 * The stats' time windows, as SQL on the database's clock, shared by the reader (DeliveryStatsService)
 * and the roll-up that keeps campaign_sent_days (StatsRollup). Each window ends with the current minute.
 */
export const HOUR_START = `date_trunc('minute', now()) - interval '59 minutes'`;
export const DAY_START = `date_trunc('minute', now()) - interval '1439 minutes'`;
/** the first whole hour of the day's window, and the hour now: the hours between are read whole */
export const FIRST_FULL_HOUR = `date_trunc('hour', ${DAY_START} + interval '59 minutes')`;
export const CURRENT_HOUR = `date_trunc('hour', now())`;
