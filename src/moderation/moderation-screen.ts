import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ModerationPolicy } from '../campaigns/campaign.entity.js';
import { SignatureLedger } from '../signatures/signature-ledger.js';
import { screen, type Verdict } from './moderation-rules.js';
import { NearDuplicateIndex } from './near-duplicate-index.js';

/** What screening reads of a signature being confirmed. */
interface ScreenedRow {
  campaign_id: string;
  comment: string | null;
  letter_body: string | null;
  email: string;
  moderation: ModerationPolicy | null;
  target_domains: string[];
}

/**
 * Screens a signature's own words when it is confirmed, in the confirming transaction, before its
 * letters are owed: the campaign's rules (moderation-rules.ts) and the near-duplicate index (which
 * remembers the text for the texts after it). The verdict is recorded on the signature (through
 * the signature ledger, the only writer of signatures): while it waits for review, its letters are
 * owed and not sent. A signature without words of its own (no comment, the campaign's letter
 * unchanged) is not screened: null.
 */
@Injectable()
export class ModerationScreen {
  constructor(
    private readonly nearDuplicates: NearDuplicateIndex,
    private readonly signatures: SignatureLedger,
  ) {}

  async screen(em: EntityManager, signatureId: string): Promise<Verdict | null> {
    const verdict = await this.verdictFor(em, signatureId);
    if (verdict) await this.signatures.recordScreening(em, signatureId, verdict);
    return verdict;
  }

  private async verdictFor(em: EntityManager, signatureId: string): Promise<Verdict | null> {
    const [row] = await em.query<ScreenedRow[]>(
      `SELECT s.campaign_id, s.comment, s.letter_body, p.email, c.moderation,
              ARRAY(SELECT DISTINCT lower(split_part(t.email, '@', 2))
                      FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
                     WHERE ct.campaign_id = s.campaign_id AND ct.status <> 'withdrawn') AS target_domains
         FROM signatures s
         JOIN supporters p ON p.id = s.supporter_id
         JOIN campaigns c ON c.id = s.campaign_id
        WHERE s.id = $1 AND (s.comment IS NOT NULL OR s.letter_body IS NOT NULL)`,
      [signatureId],
    );
    const text = row ? personalText(row) : '';
    if (!row || !text) return null;
    const near = await this.nearDuplicates.check(em, row.campaign_id, signatureId, text);
    return screen(row.moderation, {
      text,
      supporterEmail: row.email,
      targetDomains: row.target_domains,
      nearDuplicate: near.of ? { of: near.of, similarity: near.similarity ?? 1 } : null,
    });
  }
}

/** A supporter's own words: the letter body they wrote and their comment, as the official reads them. */
function personalText(row: Pick<ScreenedRow, 'comment' | 'letter_body'>): string {
  return [row.letter_body, row.comment]
    .map((t) => t?.trim())
    .filter(Boolean)
    .join('\n\n');
}
