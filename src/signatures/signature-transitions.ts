import { SIGNATURE_STATUSES, type SignatureStatus } from './signature.entity.js';
import { statusListSql, statusMachine } from '../database/status-transitions.js';

/**
 * Every way a signature may change status, or end, and from where: the only table of them. The
 * ledger's statements (signature-ledger.ts) take their `WHERE status IN (…)` from here
 * (fromStatesSql), so a statement asked to move a signature that is elsewhere changes nothing (the
 * method answers false, or 0), and no statement can invent a path.
 *
 *   (signed) → pending ─confirm→ confirmed ─withdraw→ withdrawn
 *                 │  └──────────withdraw──────────────↗
 *                 └─purge→ (deleted)
 *
 * A signature is born pending, or confirmed where the campaign asks no confirmation (the signing
 * statement). Only a pending one is ever deleted: it counts nowhere. A confirmed or withdrawn one
 * is kept for good and keeps counting; erasing its supporter anonymises it in place (KEPT_SIGNATURE_STATUSES).
 */
export const SIGNATURE_TRANSITIONS = {
  /** the supporter followed the confirmation link, or signed again where no confirmation is asked */
  confirm: { from: ['pending'], to: 'confirmed' },
  /** the supporter followed a withdrawal link: their letters not yet sent are cancelled */
  withdraw: { from: ['pending', 'confirmed'], to: 'withdrawn' },
  /** never confirmed: deleted PENDING_RETENTION_DAYS after its last signing, or when its supporter is erased */
  purge: { from: ['pending'], to: 'deleted' },
} as const satisfies Record<string, { from: readonly SignatureStatus[]; to: SignatureStatus | 'deleted' }>;

export type SignatureTransition = keyof typeof SIGNATURE_TRANSITIONS;

export const { allows, nextStatuses, fromStatesSql } = statusMachine<SignatureStatus, SignatureStatus | 'deleted', typeof SIGNATURE_TRANSITIONS>(
  SIGNATURE_TRANSITIONS,
);

/** Kept for good, and counted: an erasure anonymises these in place (never deleted). */
export const KEPT_SIGNATURE_STATUSES: readonly SignatureStatus[] = SIGNATURE_STATUSES.filter((s) => !allows('purge', s));

/** KEPT_SIGNATURE_STATUSES as SQL: `('confirmed', 'withdrawn')`. */
export const KEPT_SQL = statusListSql(KEPT_SIGNATURE_STATUSES);
