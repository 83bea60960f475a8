import type { CampaignStatus } from './campaign.entity.js';

export type CampaignAction = 'launch' | 'resume' | 'pause' | 'close';

/**
 * draft → live ⇄ paused → closed. `launch` starts a draft (and, as it always has, resumes a
 * paused campaign); `resume` only resumes; `close` ends a live or paused one (its owed letters are
 * still sent). Anything else is illegal.
 */
const TRANSITIONS: Record<CampaignAction, Partial<Record<CampaignStatus, CampaignStatus>>> = {
  launch: { draft: 'live', paused: 'live' },
  resume: { paused: 'live' },
  pause: { live: 'paused' },
  close: { live: 'closed', paused: 'closed' },
};

/** The status after `action`, or null when the action is illegal from `from`. */
export function nextStatus(from: CampaignStatus, action: CampaignAction): CampaignStatus | null {
  return TRANSITIONS[action][from] ?? null;
}
