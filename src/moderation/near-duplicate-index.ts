import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQueryIn } from '../database/prepared-query.js';
import { bandKeys, estimateSimilarity, fingerprint, NEAR_DUPLICATE_THRESHOLD } from './minhash.js';

/** What a check answers: the earlier signature whose text this one nearly repeats, and how nearly. */
export interface NearDuplicate {
  /** the most similar earlier signature of the campaign at or above NEAR_DUPLICATE_THRESHOLD, or null */
  of: string | null;
  /** its estimated Jaccard similarity (0.5 to 1), or null when `of` is null */
  similarity: number | null;
}

/** Rows read per band key: enough to find a family of rewrites, however large, in a few rows. */
export const ROWS_PER_BAND = 4;
/** Candidates compared, those sharing the most band keys first. */
export const CANDIDATES = 8;

interface CandidateRow {
  signature_id: string;
  minhash: number[];
  created_at: Date;
}

interface ForgottenRow {
  signature_id: string;
  campaign_id: string;
  minhash: number[];
}

/**
 * Store this text's fingerprint and bands (two data-modifying CTEs) and, in the same statement,
 * read the earlier texts of the campaign that share a band key with it: at most ROWS_PER_BAND
 * rows per key from the primary key's index (a family of thousands of rewrites costs no more
 * than one of ten), grouped, those sharing the most keys first, at most CANDIDATES of them, each
 * with its MinHash. Every part of one statement sees the same snapshot, so the rows it writes are
 * not among those it reads. One round trip.
 *
 * $1 campaign, $2 band keys, $3 signature, $4 MinHash, $5 rows per key, $6 candidates.
 */
export const CHECK_SQL = `
  WITH stored AS (
    INSERT INTO text_fingerprints (signature_id, campaign_id, minhash)
    VALUES ($3, $1, $4::int4[])
    ON CONFLICT (signature_id) DO NOTHING
    RETURNING signature_id
  ), banded AS (
    INSERT INTO text_bands (campaign_id, band_key, signature_id)
    SELECT $1, k, stored.signature_id FROM stored, unnest($2::int8[]) AS k
    ON CONFLICT DO NOTHING
  ), candidates AS (
    SELECT b.signature_id, count(*) AS shared
      FROM unnest($2::int8[]) AS k
     CROSS JOIN LATERAL (
       SELECT t.signature_id FROM text_bands t
        WHERE t.campaign_id = $1 AND t.band_key = k AND t.signature_id <> $3
        LIMIT $5
     ) b
     GROUP BY b.signature_id
     ORDER BY count(*) DESC, b.signature_id
     LIMIT $6
  )
  SELECT f.signature_id, f.minhash, f.created_at
    FROM candidates c
    JOIN text_fingerprints f ON f.signature_id = c.signature_id AND f.campaign_id = $1`;

/**
 * The near-duplicate index of supporters' own words (docs/moderation.md, "Near-duplicates"): the
 * only writer of `text_fingerprints` and `text_bands`. Each personal text is checked once, in the
 * transaction that confirms its signature: compared with the earlier texts of its campaign that
 * share an LSH band with it (never with all of them), and remembered for the texts after it.
 */
@Injectable()
export class NearDuplicateIndex {
  /**
   * Compares `text` (signature `signatureId`'s own words) with the earlier texts of the campaign
   * and remembers it: answers the most similar earlier signature among the candidates, at or
   * above NEAR_DUPLICATE_THRESHOLD, or nulls. One round trip. Checking the same signature again
   * changes nothing stored. Two texts checked at the same instant, in transactions neither of
   * which has committed, do not see each other.
   */
  async check(em: EntityManager, campaignId: string, signatureId: string, text: string): Promise<NearDuplicate> {
    const print = fingerprint(text);
    if (!print) return { of: null, similarity: null };
    const rows = await preparedQueryIn<CandidateRow>(em, 'near-duplicate-check', CHECK_SQL, [
      campaignId,
      print.bands,
      signatureId,
      Array.from(print.signature),
      ROWS_PER_BAND,
      CANDIDATES,
    ]);
    let best: { row: CandidateRow; similarity: number } | null = null;
    for (const row of rows) {
      const similarity = estimateSimilarity(print.signature, row.minhash);
      if (similarity < NEAR_DUPLICATE_THRESHOLD) continue;
      // the most similar; of equals, the earliest
      if (!best || similarity > best.similarity || (similarity === best.similarity && row.created_at < best.row.created_at)) best = { row, similarity };
    }
    return best ? { of: best.row.signature_id, similarity: best.similarity } : { of: null, similarity: null };
  }

  /**
   * Erasure: the fingerprints of these signatures' texts, and their band keys (recomputed from the
   * MinHash being deleted, so each is found through the primary key), are deleted. Answers how
   * many texts were forgotten. Two round trips.
   */
  async forget(em: EntityManager, signatureIds: string[]): Promise<number> {
    if (!signatureIds.length) return 0;
    const gone = await em.query<ForgottenRow[]>(
      // a SELECT at the top: TypeORM answers a bare DELETE ... RETURNING as [rows, count]
      `WITH gone AS (DELETE FROM text_fingerprints WHERE signature_id = ANY($1::uuid[]) RETURNING signature_id, campaign_id, minhash)
       SELECT signature_id, campaign_id, minhash FROM gone`,
      [signatureIds],
    );
    if (!gone.length) return 0;
    const campaigns: string[] = [];
    const keys: number[] = [];
    const signatures: string[] = [];
    for (const row of gone) {
      for (const key of bandKeys(row.minhash)) {
        campaigns.push(row.campaign_id);
        keys.push(key);
        signatures.push(row.signature_id);
      }
    }
    await em.query(
      `DELETE FROM text_bands t
        USING unnest($1::uuid[], $2::int8[], $3::uuid[]) AS g(campaign_id, band_key, signature_id)
        WHERE t.campaign_id = g.campaign_id AND t.band_key = g.band_key AND t.signature_id = g.signature_id`,
      [campaigns, keys, signatures],
    );
    return gone.length;
  }
}
