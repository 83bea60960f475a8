import type { RepliesService } from '../../replies/replies.service.js';

/** Past this many, the Replies tab says "99+": enough to know there is work waiting. */
export const UNCLASSIFIED_SHOWN = 99;

/**
 * How many of a campaign's replies are not read yet, as the Replies tab shows it: "0" … "99",
 * then "99+". Read through RepliesService.list (one page, the newest first), which has no count
 * of its own: a page of at most 99 replies is the bound of what it costs.
 */
export async function unclassifiedCount(replies: Pick<RepliesService, 'list'>, campaignId: string): Promise<string> {
  const page = await replies.list(campaignId, { kind: 'unclassified', limit: UNCLASSIFIED_SHOWN });
  return page.nextCursor ? `${UNCLASSIFIED_SHOWN}+` : String(page.items.length);
}
