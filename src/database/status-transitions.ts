/** One named move of a row's status: the statuses it starts from, the one it leads to. */
export interface StatusTransition<S extends string, To extends string = S> {
  readonly from: readonly S[];
  readonly to: To;
}

/** `('queued', 'retrying')`: statuses as an SQL list (constants of a table in code, never input). */
export function statusListSql(statuses: readonly string[]): string {
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

/**
 * The questions every owner of a table of state asks its transitions table (DeliveryLedger,
 * NotificationOutbox, SignatureLedger): may this move start here, where may a row go from here,
 * and the WHERE list that makes a statement move only rows the table allows it to.
 */
export function statusMachine<S extends string, To extends string, T extends Record<string, StatusTransition<S, To>>>(table: T) {
  const moves = Object.values(table) as StatusTransition<S, To>[];
  return {
    /** Whether `transition` may move a row that is `from` now. */
    allows: (transition: keyof T, from: S): boolean => table[transition].from.includes(from),
    /** Every status a row in `from` may reach in one step, by any transition. */
    nextStatuses: (from: S): To[] => [...new Set(moves.filter((t) => t.from.includes(from)).map((t) => t.to))],
    /** The statuses `transition` starts from, as SQL for its WHERE clause. */
    fromStatesSql: (transition: keyof T): string => statusListSql(table[transition].from),
  };
}
