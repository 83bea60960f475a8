/**
 * Near-duplicate fingerprints of supporters' own words (issue 17): MinHash over character
 * shingles, with locality-sensitive band keys so that a text is compared only with the earlier
 * texts that share a band with it, never with every earlier text. Pure: no I/O.
 *
 * - **Normalised text**: Unicode NFKC, lower case, combining marks and the Arabic tatweel
 *   dropped, every run of characters that are not letters or digits one space. Case, punctuation,
 *   line breaks and diacritics are not what makes a letter personal. Latin, Cyrillic and Arabic
 *   alike (`\p{L}`, `\p{N}`).
 * - **Shingles**: the set of character 5-grams of the normalised text (spaces included, so word
 *   boundaries count). A changed word touches only the few 5-grams around it, so a light rewrite
 *   of a 100-word text keeps most of its set; two different texts on the same topic share only
 *   the 5-grams of their common words ("homs", "syria", "civilians"), which are a small part of
 *   either set. 3- to 7-grams and word pairs and triples were measured (docs/moderation.md,
 *   "Near-duplicates"): from 5-grams up the gap between rewrites and different texts is about the
 *   same, and longer shingles (or words) pull light rewrites down, an edit spoiling every shingle
 *   across it (in Russian and Arabic a changed ending too).
 * - **Short texts**: below `EXACT_ONLY_BELOW` normalised characters a text is compared as a
 *   whole: only the same words (after normalisation) are a duplicate. One sentence shares most of
 *   its 5-grams with another sentence that differs by a word, which for a short comment ("Stop
 *   the assault on Homs now") is a coincidence of wording, not a copy.
 * - **Signature**: `SIGNATURE_SIZE` values, each the least of one 32-bit permutation (murmur3's
 *   finaliser of the shingle's hash XOR a seed: a bijection, so a permutation) over the shingles.
 *   The share of equal values between two signatures estimates the Jaccard similarity of the two
 *   shingle sets (standard error ≤ 0.045 with 128 values).
 * - **Bands**: `BANDS` bands of `ROWS` values; each band's key is a 52-bit hash of its index and
 *   values (a safe JS integer, stored as PostgreSQL `bigint`). Two texts of similarity s share at
 *   least one band key with probability 1 − (1 − s⁴)³², 0.87 at 0.5, 0.99 at 0.6, 1.00 at 0.7,
 *   and 0.016 at 0.15 (different texts on one topic).
 */

/** Characters per shingle. */
export const SHINGLE_SIZE = 5;
/** MinHash values per text. */
export const SIGNATURE_SIZE = 128;
/** LSH bands, of ROWS values each (BANDS × ROWS = SIGNATURE_SIZE). */
export const BANDS = 32;
export const ROWS = 4;
/**
 * Estimated Jaccard similarity at or above which a text is a near-duplicate of an earlier one.
 * Measured (test/near-duplicates.e2e-spec.ts, docs/moderation.md): each light rewrite of a text
 * is at 0.84 or more with the nearest earlier one; different texts on the same topic have a
 * median of 0.19 with their nearest earlier text, and 0.34 at most.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;
/**
 * Below this many characters of normalised text (about eight words), a text is compared whole:
 * only an exact duplicate (after normalisation) is flagged. Short texts are compared all the same.
 */
export const EXACT_ONLY_BELOW = 50;

export interface Fingerprint {
  /** the MinHash signature, SIGNATURE_SIZE signed 32-bit values (as PostgreSQL int4[] holds them) */
  signature: Int32Array;
  /** BANDS band keys, each a non-negative integer below 2^52 (PostgreSQL bigint) */
  bands: number[];
  /** whether the text was compared whole (shorter than EXACT_ONLY_BELOW) */
  exact: boolean;
}

/** The text as its fingerprint sees it: NFKC, lower case, no marks, letters and digits in words one space apart. */
export function normaliseForFingerprint(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{M}\u0640]+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// a module-level binding: a global looked up in a hot loop is slow inside a vm context (Jest)
const imul = Math.imul;

/** murmur3's 32-bit finaliser: a bijection of 32-bit integers with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded 32-bit hash of s[from, to) (UTF-16 code units: the scripts of the campaigns are in the BMP). */
function hashRange(s: string, from: number, to: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = from; i < to; i++) {
    h = imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return fmix32(h ^ (to - from));
}

/** The seeds of the permutations: fixed forever, or stored signatures stop matching new ones. */
const SEEDS = (() => {
  const seeds = new Uint32Array(SIGNATURE_SIZE);
  let x = 0x9e3779b9;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    x = (x + 0x6d2b79f5) >>> 0;
    seeds[i] = fmix32(x ^ 0x2545f491);
  }
  return seeds;
})();

/** The distinct 32-bit hashes of the text's character shingles (one for a text shorter than a shingle). */
export function shingleHashes(normalised: string, size = SHINGLE_SIZE): Uint32Array {
  if (normalised.length <= size) return Uint32Array.of(hashRange(normalised, 0, normalised.length, 0x1b873593));
  const set = new Set<number>();
  for (let i = 0; i + size <= normalised.length; i++) set.add(hashRange(normalised, i, i + size, 0x1b873593));
  return Uint32Array.from(set);
}

/** The MinHash signature of a set of shingle hashes (at least one). */
export function minhash(shingles: Uint32Array): Int32Array {
  const mins = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s];
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const v = fmix32(x ^ SEEDS[k]);
      if (v < mins[k]) mins[k] = v;
    }
  }
  return new Int32Array(mins.buffer);
}

/** A whole text's signature: each value its own seeded hash of every character, so only the same text matches. */
function wholeTextSignature(normalised: string): Int32Array {
  const sig = new Int32Array(SIGNATURE_SIZE);
  for (let k = 0; k < SIGNATURE_SIZE; k++) sig[k] = hashRange(normalised, 0, normalised.length, SEEDS[k]) | 0;
  return sig;
}

/** The band keys of a signature: a 52-bit hash (two 26-bit halves) of each band's index and values. */
export function bandKeys(signature: ArrayLike<number>): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let hi = 0x3c6ef372 ^ b;
    let lo = 0xa54ff53a ^ imul(b + 1, 0x9e3779b9);
    for (let r = 0; r < ROWS; r++) {
      const v = signature[b * ROWS + r] >>> 0;
      hi = fmix32(imul(hi ^ v, 0xcc9e2d51) + 0xe6546b64);
      lo = fmix32(imul(lo ^ v, 0x1b873593) + 0x85ebca6b);
    }
    keys.push((hi >>> 6) * 0x4000000 + (lo >>> 6));
  }
  return keys;
}

/**
 * The fingerprint of a supporter's text, or null when nothing of it is left to compare (no
 * letter, digit or other visible character).
 */
export function fingerprint(text: string): Fingerprint | null {
  let normalised = normaliseForFingerprint(text);
  // only symbols (emoji, say): compare them as written, whitespace collapsed
  if (!normalised) normalised = text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (!normalised) return null;
  const exact = normalised.length < EXACT_ONLY_BELOW;
  const signature = exact ? wholeTextSignature(normalised) : minhash(shingleHashes(normalised));
  return { signature, bands: bandKeys(signature), exact };
}

/** The estimated Jaccard similarity of the two texts behind two signatures: the share of equal values. */
export function estimateSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || !a.length) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] | 0) === (b[i] | 0)) equal++;
  return equal / a.length;
}

/** The exact Jaccard similarity of two texts' shingle sets (for measuring the estimate; not used to flag). */
export function jaccard(a: string, b: string, size = SHINGLE_SIZE): number {
  const x = new Set(shingleHashes(normaliseForFingerprint(a), size));
  const y = new Set(shingleHashes(normaliseForFingerprint(b), size));
  let both = 0;
  for (const h of x) if (y.has(h)) both++;
  return both / (x.size + y.size - both || 1);
}
