import type { CampaignTranslations } from '../campaigns/campaign.entity.js';
import { campaignTitleFor } from '../campaigns/campaign-text.js';
import { DEFAULT_LOCALE, directionOf, formatNumber, messagesFor, plural, supportedLocale, type Locale } from '../i18n/i18n.js';
import { oneLine } from '../letters/letter-renderer.js';
import type { OutgoingMessage } from '../mail/outgoing-message.js';
import { html, type SafeHtml } from '../views/html.js';
import { deliveryReceiptMessages } from './delivery-receipt-messages.js';

export interface Sender {
  from: string;
  orgName: string;
  domain: string;
  /** PRIVACY_URL: linked at the foot of every email to supporters; absent or null: none */
  privacyUrl?: string | null;
}

interface SupporterEmailFacts {
  notificationId: string;
  /** the language the supporter signed in; null or unsupported: English */
  locale?: string | null;
  /** the title is shown in the supporter's language when the campaign has a translation for it */
  campaign: { slug: string; title: string; translations?: CampaignTranslations | null };
  supporter: { firstName: string; email: string };
  withdrawUrl: string;
  /**
   * The one-click unsubscribe link (withdraws the consent to further contact, not the signature):
   * in the List-Unsubscribe header (RFC 8058, with List-Unsubscribe-Post) and at the foot.
   */
  unsubscribeUrl?: string | null;
}

export interface ConfirmationEmailFacts extends SupporterEmailFacts {
  confirmUrl: string;
  expiresInHours: number;
  /** who the letter goes to once confirmed (for the supporter's country) */
  targets: Official[];
}

export interface ThankYouEmailFacts extends SupporterEmailFacts {
  campaignUrl: string;
  targets: Official[];
}

type Official = { name: string; title: string; organization: string };

export interface DeliveryReceiptFacts extends Omit<SupporterEmailFacts, 'withdrawUrl'> {
  campaignUrl: string;
  /** the officials whose mail servers accepted the supporter's letter */
  sent: Official[];
  /** those whose letter failed or bounced */
  failed: Official[];
}

/** The email that asks a supporter to confirm their signature (double opt-in), in their language. */
export function confirmationEmail(f: ConfirmationEmailFacts, sender: Sender): OutgoingMessage {
  const locale = localeOf(f.locale);
  const m = messagesFor(locale).mail;
  const title = campaignTitleFor(f.campaign, locale);
  const validity = f.expiresInHours % 24 === 0 ? plural(locale, f.expiresInHours / 24, m.validityDays) : plural(locale, f.expiresInHours, m.validityHours);
  const text = [
    m.hello(f.supporter.firstName),
    '',
    m.confirmThanks(title),
    m.confirmAsk,
    '',
    f.confirmUrl,
    ...(f.targets.length ? ['', m.confirmTargets, ...officialsText(f.targets)] : []),
    '',
    `${m.confirmValidity(validity)} ${m.notYou}`,
    '',
    `${m.withdrawAnytime} ${f.withdrawUrl}`,
    ...footerText(locale, sender, f),
    '',
    m.signOff(sender.orgName),
  ].join('\n');
  const body = html`<p>${m.hello(f.supporter.firstName)}</p>
<p>${m.confirmThanks(title)} ${m.confirmAsk}</p>
<p><a href="${f.confirmUrl}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${m.confirmButton}</a></p>
<p style="font-size:90%;color:#444444">${m.orOpenLink} <a href="${f.confirmUrl}" style="color:#1d4ed8;word-break:break-all">${f.confirmUrl}</a></p>
${
  f.targets.length
    ? html`<p>${m.confirmTargets}</p>
${officialsHtml(f.targets)}`
    : ''
}
<p>${m.confirmValidity(validity)} ${m.notYou}</p>
${withdrawFooterHtml(m, f.withdrawUrl)}${footerHtml(locale, sender, f)}
<p>${m.signOff(sender.orgName)}</p>`;
  return message(f, sender, locale, {
    subject: m.confirmSubject(title),
    text,
    html: htmlDocument(locale, m.confirmSubject(title), body),
    // no X-Appeal-Campaign: that header marks letters to officials only
    headers: { 'X-Appeal-Notification': f.notificationId },
  });
}

/** Sent once a signature is confirmed: thanks, who the letter goes to, a link to share, the way back out. */
export function thankYouEmail(f: ThankYouEmailFacts, sender: Sender): OutgoingMessage {
  const locale = localeOf(f.locale);
  const m = messagesFor(locale).mail;
  const title = campaignTitleFor(f.campaign, locale);
  const text = [
    m.hello(f.supporter.firstName),
    '',
    m.thanksConfirmed(title),
    ...(f.targets.length ? ['', m.thanksTargets, ...officialsText(f.targets)] : []),
    '',
    m.thanksShare,
    f.campaignUrl,
    '',
    `${m.withdrawAnytime} ${f.withdrawUrl}`,
    ...footerText(locale, sender, f),
    '',
    m.signOff(sender.orgName),
  ].join('\n');
  const targets = f.targets.length
    ? html`<p>${m.thanksTargets}</p>
${officialsHtml(f.targets)}`
    : '';
  const body = html`<p>${m.hello(f.supporter.firstName)}</p>
<p><strong>${m.thanksConfirmed(title)}</strong></p>
${targets}
<p>${m.thanksShare}<br><a href="${f.campaignUrl}" style="color:#1d4ed8;word-break:break-all">${f.campaignUrl}</a></p>
${withdrawFooterHtml(m, f.withdrawUrl)}${footerHtml(locale, sender, f)}
<p>${m.signOff(sender.orgName)}</p>`;
  return message(f, sender, locale, {
    subject: m.thanksSubject(title),
    text,
    html: htmlDocument(locale, m.thanksSubject(title), body),
    // a header of its own: X-Appeal-Notification marks the confirmation requests
    headers: { 'X-Appeal-Thank-You': f.notificationId },
  });
}

/**
 * Once every letter of a signature is final (the campaign opted in to delivery receipts): one
 * short email saying they were all delivered, or which were not.
 */
export function deliveryReceiptEmail(f: DeliveryReceiptFacts, sender: Sender): OutgoingMessage {
  const locale = localeOf(f.locale);
  const m = messagesFor(locale).mail;
  const r = deliveryReceiptMessages(locale);
  const title = campaignTitleFor(f.campaign, locale);
  const allSent = f.failed.length === 0;
  const subject = allSent ? r.subjectAllSent(title) : r.subjectSomeFailed(title);
  const lead = allSent ? (f.sent.length === 1 ? r.oneSent(title) : r.allSent(title, formatNumber(locale, f.sent.length))) : r.someFailedIntro(title);
  const text = [
    m.hello(f.supporter.firstName),
    '',
    lead,
    ...(allSent
      ? officialsText(f.sent)
      : [...(f.sent.length ? ['', r.deliveredTo, ...officialsText(f.sent)] : []), '', r.failedTo, ...officialsText(f.failed), '', r.failedNote]),
    '',
    `${r.thanks} ${m.thanksShare}`,
    f.campaignUrl,
    ...footerText(locale, sender, f),
    '',
    m.signOff(sender.orgName),
  ].join('\n');
  const body = html`<p>${m.hello(f.supporter.firstName)}</p>
<p>${lead}</p>
${
  allSent
    ? officialsHtml(f.sent)
    : html`${f.sent.length ? html`<p>${r.deliveredTo}</p>\n${officialsHtml(f.sent)}\n` : ''}<p>${r.failedTo}</p>
${officialsHtml(f.failed)}
<p>${r.failedNote}</p>`
}
<p>${r.thanks} ${m.thanksShare}<br><a href="${f.campaignUrl}" style="color:#1d4ed8;word-break:break-all">${f.campaignUrl}</a></p>${footerHtml(locale, sender, f)}
<p>${m.signOff(sender.orgName)}</p>`;
  return message(f, sender, locale, {
    subject,
    text,
    html: htmlDocument(locale, subject, body),
    headers: { 'X-Appeal-Receipt': f.notificationId },
  });
}

export interface ReplyForwardFacts extends Omit<SupporterEmailFacts, 'withdrawUrl'> {
  /** the official the letter was written to */
  official: Official & { email: string };
  /** the answer as stored: plain text, never HTML */
  reply: {
    fromAddress: string | null;
    fromName: string | null;
    subject: string;
    text: string;
    attachments: { filename: string | null }[];
  };
}

/**
 * An official's answer to the supporter's letter, sent on to them (delivery.forwardReplies), in
 * their language, from the organisation: who answered (the official; the address it came from when
 * it is not the official's own), the answer's subject and its text as it came (plain text, escaped
 * in the HTML part: never the official's markup), the names of attachments not passed on.
 */
export function replyForwardEmail(f: ReplyForwardFacts, sender: Sender): OutgoingMessage {
  const locale = localeOf(f.locale);
  const m = messagesFor(locale).mail;
  const w = m.replyForward;
  const title = campaignTitleFor(f.campaign, locale);
  const official = officialParts(f.official).join(', ');
  const from = f.reply.fromAddress && f.reply.fromAddress.toLowerCase() !== f.official.email.toLowerCase() ? senderOf(f.reply) : null;
  const attachments = f.reply.attachments.map((a, i) => a.filename || `#${i + 1}`).join(', ');
  const replySubject = oneLine(f.reply.subject) || title;
  const subject = w.subject(f.official.name, replySubject);
  const text = [
    m.hello(f.supporter.firstName),
    '',
    w.intro(official, title),
    ...(from ? [w.sentFrom(from)] : []),
    '',
    `${w.subjectLabel} ${replySubject}`,
    '',
    f.reply.text,
    ...(attachments ? ['', w.attachments(attachments)] : []),
    '',
    w.note(sender.orgName),
    ...footerText(locale, sender, f),
    '',
    m.signOff(sender.orgName),
  ].join('\n');
  const paragraphs = f.reply.text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>`);
  const body = html`<p>${m.hello(f.supporter.firstName)}</p>
<p>${w.intro(official, title)}${from ? html` ${w.sentFrom(from)}` : ''}</p>
<p><strong>${w.subjectLabel}</strong> <span dir="auto">${replySubject}</span></p>
<blockquote dir="auto" style="margin:0 0 16px;padding:0 0 0 12px;border-inline-start:3px solid #cccccc;color:#333333">${paragraphs}</blockquote>
${attachments ? html`<p style="font-size:90%;color:#444444">${w.attachments(attachments)}</p>\n` : ''}<p style="font-size:90%;color:#444444">${w.note(sender.orgName)}</p>${footerHtml(locale, sender, f)}
<p>${m.signOff(sender.orgName)}</p>`;
  return message(f, sender, locale, {
    subject,
    text,
    html: htmlDocument(locale, subject, body),
    headers: { 'X-Appeal-Reply-Forward': f.notificationId },
  });
}

/** "Name <address>", or the address alone. */
function senderOf(r: { fromAddress: string | null; fromName: string | null }): string {
  const name = r.fromName ? oneLine(r.fromName) : '';
  return name ? `${name} <${r.fromAddress}>` : `${r.fromAddress}`;
}

/** An official as a supporter's email names them: name, then "title, organization". */
function officialParts(t: Official): string[] {
  return [t.name, [t.title, t.organization].filter(Boolean).join(', ')].filter(Boolean);
}

function officialsText(list: Official[]): string[] {
  return list.map((t) => `- ${officialParts(t).join(' – ')}`);
}

function officialsHtml(list: Official[]): SafeHtml {
  return html`<ul>${list.map((t) => html`<li><strong>${t.name}</strong>${officialParts(t)[1] ? html`, ${officialParts(t)[1]}` : ''}</li>`)}</ul>`;
}

function withdrawFooterHtml(m: ReturnType<typeof messagesFor>['mail'], withdrawUrl: string): SafeHtml {
  return html`<p style="font-size:90%;color:#444444">${m.withdrawAnytime} <a href="${withdrawUrl}" style="color:#1d4ed8">${m.withdrawLink}</a></p>`;
}

/** The foot of an email to a supporter: the unsubscribe link (when the email has one) and PRIVACY_URL (when configured). */
function footerText(locale: Locale, sender: Sender, f: Pick<SupporterEmailFacts, 'unsubscribeUrl'>): string[] {
  const t = messagesFor(locale);
  return [
    ...(f.unsubscribeUrl ? ['', `${t.mail.unsubscribeText} ${f.unsubscribeUrl}`] : []),
    ...(sender.privacyUrl ? ['', `${t.privacyNote(sender.orgName)} ${sender.privacyUrl}`] : []),
  ];
}

function footerHtml(locale: Locale, sender: Sender, f: Pick<SupporterEmailFacts, 'unsubscribeUrl'>): SafeHtml {
  const t = messagesFor(locale);
  const unsubscribe = f.unsubscribeUrl
    ? html`\n<p style="font-size:90%;color:#444444">${t.mail.unsubscribeText} <a href="${f.unsubscribeUrl}" style="color:#1d4ed8">${t.mail.unsubscribeLink}</a></p>`
    : '';
  const privacy = sender.privacyUrl
    ? html`\n<p style="font-size:90%;color:#444444">${t.privacyNote(sender.orgName)} <a href="${sender.privacyUrl}" style="color:#1d4ed8">${t.privacyLink}</a></p>`
    : '';
  return html`${unsubscribe}${privacy}`;
}

function localeOf(tag: string | null | undefined): Locale {
  return supportedLocale(tag) ?? DEFAULT_LOCALE;
}

function htmlDocument(locale: Locale, title: string, body: SafeHtml): string {
  const dir = directionOf(locale);
  return html`<!doctype html>
<html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body dir="${dir}" style="margin:0;padding:16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic',Arial,sans-serif;font-size:16px;line-height:1.55;color:#1a1a1a;background:#ffffff;text-align:${dir === 'rtl' ? 'right' : 'left'}">
<div style="max-width:36rem">
${body}
</div>
</body></html>`.value;
}

function message(
  f: Pick<SupporterEmailFacts, 'notificationId' | 'supporter' | 'unsubscribeUrl'>,
  sender: Sender,
  locale: Locale,
  m: { subject: string; text: string; html: string; headers: Record<string, string> },
): OutgoingMessage {
  return {
    from: { name: sender.orgName, address: sender.from },
    to: f.supporter.email,
    subject: oneLine(m.subject),
    text: m.text,
    html: m.html,
    messageId: `<n-${f.notificationId}@${sender.domain}>`,
    headers: {
      ...m.headers,
      'Auto-Submitted': 'auto-generated',
      'Content-Language': locale,
      ...(f.unsubscribeUrl ? { 'List-Unsubscribe': `<${f.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
    envelope: { from: sender.from, to: [f.supporter.email] },
  };
}
