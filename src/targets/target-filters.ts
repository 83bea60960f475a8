import type { SelectQueryBuilder } from 'typeorm';
import type { ListTargetsQuery } from './dto/target.dto.js';
import type { Target } from './target.entity.js';
import { normaliseTag } from './target-tags.js';

/** The filters of the directory (GET /api/targets), validated and normalised by ListTargetsQuery. */
export type TargetFilter = Pick<ListTargetsQuery, 'q' | 'tag' | 'country' | 'organization' | 'active' | 'failing'>;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Narrows a query of targets (aliased `alias`) to those the filter matches, every filter given
 * ANDed: `q` matches part of the name, organization or country (any case) or a whole tag; `tag` a
 * whole tag, as `tags @> ARRAY[tag]` so that the GIN index ix_targets_tags serves it.
 */
export function applyTargetFilter(qb: SelectQueryBuilder<Target>, f: TargetFilter, alias = 't'): SelectQueryBuilder<Target> {
  const q = f.q?.trim();
  if (q) {
    qb.andWhere(
      `(${alias}.name ILIKE :tfLike OR ${alias}.organization ILIKE :tfLike OR ${alias}.country ILIKE :tfLike OR ${alias}.tags @> ARRAY[:tfQTag]::text[])`,
      { tfLike: likePattern(q), tfQTag: normaliseTag(q) },
    );
  }
  if (f.tag) qb.andWhere(`${alias}.tags @> ARRAY[:tfTag]::text[]`, { tfTag: f.tag });
  if (f.country) qb.andWhere(`${alias}.country = :tfCountry`, { tfCountry: f.country });
  const organization = f.organization?.trim();
  if (organization) qb.andWhere(`${alias}.organization ILIKE :tfOrg`, { tfOrg: likePattern(organization) });
  if (f.active !== undefined) qb.andWhere(`${alias}.active = :tfActive`, { tfActive: f.active });
  if (f.failing !== undefined) qb.andWhere(f.failing ? `${alias}.failingSince IS NOT NULL` : `${alias}.failingSince IS NULL`);
  return qb;
}
