/**
 * An audit entry's details in one short line for a table cell: `key: value` pairs, long lists
 * counted rather than listed (a bulk retry names up to 1,000 letters), long texts cut.
 */
export function compactDetails(details: Record<string, unknown> | null | undefined, maxText = 120): string {
  if (!details) return '';
  const value = (v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (Array.isArray(v)) return v.length > 3 ? `${v.length} items` : `[${v.map(value).join(', ')}]`;
    if (typeof v === 'object') {
      return `{${Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${k}: ${value(x)}`)
        .join(', ')}}`;
    }
    const s = String(v);
    return s.length > maxText ? `${s.slice(0, maxText - 1)}…` : s;
  };
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${value(v)}`)
    .join(' · ');
}

export interface SubjectRef {
  label: string;
  /** the console page of the subject, when it has one */
  href: string | null;
}

const short = (id: string) => id.slice(0, 8);

/** What an entry was about, in words, and the console page it links to. */
export function subjectOf(entry: { subjectType: string; subjectId: string | null; details: Record<string, unknown> | null }): SubjectRef {
  const id = entry.subjectId;
  const d = entry.details ?? {};
  const email = typeof d.email === 'string' ? d.email : null;
  switch (entry.subjectType) {
    case 'campaign':
      return id
        ? { label: `Campaign ${typeof d.slug === 'string' ? d.slug : short(id)}`, href: `/console/campaigns/${id}` }
        : { label: 'Campaigns', href: null };
    case 'delivery':
      return id ? { label: `Letter ${short(id)}`, href: `/console/letters/${id}` } : { label: 'Letters', href: null };
    case 'deliveries':
      return { label: "Every campaign's letters", href: null };
    case 'user':
      return id ? { label: `Account ${email ?? short(id)}`, href: `/console/staff/${id}` } : { label: 'Accounts', href: null };
    case 'target':
      return id ? { label: `Official ${short(id)}`, href: `/console/targets/${id}` } : { label: 'The directory', href: null };
    case 'supporter':
      // no page: a supporter is found by email on the data-requests page, and may be erased
      return { label: id ? `Supporter ${short(id)}` : 'Supporters', href: null };
    default:
      return { label: id ? `${entry.subjectType} ${short(id)}` : entry.subjectType, href: null };
  }
}
