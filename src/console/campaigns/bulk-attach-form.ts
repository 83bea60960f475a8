import type { BulkTargetFilter } from '../../campaigns/campaign-targets.service.js';
import type { FormValues } from '../views/form-kit.js';

const FILTER_FIELDS = ['tag', 'country', 'organization'] as const;

/** The bulk attach form's filter as the API's body: the fields filled in, trimmed (BulkAttachDto normalises them). */
export function bulkFilterOf(v: FormValues): BulkTargetFilter {
  const filter: BulkTargetFilter = {};
  for (const name of FILTER_FIELDS) {
    const typed = v[name]?.trim();
    if (typed) filter[name] = typed;
  }
  return filter;
}

/** 'tag “foreign-minister”, country FR': the filter of a bulk attach, in the flash that reports it. */
export function bulkFilterText(f: BulkTargetFilter): string {
  return [f.tag && `tag “${f.tag}”`, f.country && `country ${f.country}`, f.organization && `organization “${f.organization}”`, f.q && `“${f.q}”`]
    .filter(Boolean)
    .join(', ');
}
