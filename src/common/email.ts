/**
 * Supporters and targets are identified by normalised email: trimmed and lower-cased (PRODUCT.md),
 * with Unicode in NFC so the same address typed on two keyboards is one person.
 */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}
