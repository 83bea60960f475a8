import { escapeHtml } from '../mail/letter-renderer.js';

export interface ConfirmationEmailFacts {
  notificationId: string;
  campaign: { slug: string; title: string };
  supporter: { firstName: string; email: string };
  confirmUrl: string;
  withdrawUrl: string;
  expiresInHours: number;
}

export interface Sender {
  from: string;
  orgName: string;
  domain: string;
}

/** The email that asks a supporter to confirm their signature (double opt-in). */
export function confirmationEmail(f: ConfirmationEmailFacts, sender: Sender) {
  const days = Math.round(f.expiresInHours / 24);
  const validity = f.expiresInHours % 24 === 0 ? `${days} day${days === 1 ? '' : 's'}` : `${f.expiresInHours} hours`;
  const text = [
    `Hello ${f.supporter.firstName},`,
    '',
    `Thank you for signing "${f.campaign.title}".`,
    'Please confirm your signature, so that your letter can be sent:',
    '',
    f.confirmUrl,
    '',
    `This link works for ${validity}. If you did not sign, ignore this email: nothing will be sent in your name.`,
    '',
    `To take your signature back at any time: ${f.withdrawUrl}`,
    '',
    `— ${sender.orgName}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello ${escapeHtml(f.supporter.firstName)},</p>
<p>Thank you for signing <strong>${escapeHtml(f.campaign.title)}</strong>. Please confirm your signature, so that your letter can be sent:</p>
<p><a href="${escapeHtml(f.confirmUrl)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">Confirm my signature</a></p>
<p>Or open this link: <a href="${escapeHtml(f.confirmUrl)}">${escapeHtml(f.confirmUrl)}</a></p>
<p>This link works for ${validity}. If you did not sign, ignore this email: nothing will be sent in your name.</p>
<p style="color:#555;font-size:90%">To take your signature back at any time: <a href="${escapeHtml(f.withdrawUrl)}">withdraw my signature</a>.</p>
<p>— ${escapeHtml(sender.orgName)}</p>
</body></html>`;
  return {
    from: { name: sender.orgName, address: sender.from },
    to: f.supporter.email,
    subject: `Please confirm your signature: ${f.campaign.title}`.replace(/[\r\n]+/g, ' '),
    text,
    html,
    messageId: `<n-${f.notificationId}@${sender.domain}>`,
    // no X-Appeal-Campaign: that header marks letters to officials only
    headers: { 'X-Appeal-Notification': f.notificationId, 'Auto-Submitted': 'auto-generated' },
    envelope: { from: sender.from, to: [f.supporter.email] },
  };
}
