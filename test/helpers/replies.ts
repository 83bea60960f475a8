import nodemailer from 'nodemailer';
import type { ReceivedMail } from './smtp-server.js';
import { uniq } from './fixtures.js';

/**
 * Sends raw MIME over SMTP as an official's mail server would, to the app's inbound listener:
 * from `from`, to `to` (declaring its `size` in MAIL FROM when given, as many servers do).
 * Answers the server's reply; rejects with its refusal (responseCode).
 */
export async function sendReply(port: number, to: string, raw: string, from = 'mailer@officials.example', size?: number): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope: { from, to: [to], ...(size ? { size } : {}) }, raw: raw.replace(/\r?\n/g, '\r\n') })).response;
  } finally {
    transport.close();
  }
}

/** The reply+TOKEN address a relayed letter says Reply-To. */
export const replyAddressOf = (m: ReceivedMail) => m.parsed.replyTo!.value[0].address!;

/** The delivery id a letter carries. */
export const deliveryIdOf = (m: ReceivedMail) => m.headers['x-appeal-delivery'];

/** A plain-text answer to `letter` (quoting it whole, the supporter's name and all), from `from`; `headers`: more header lines (Auto-Submitted…). */
export function answerTo(
  letter: ReceivedMail,
  opts: { from: string; fromName?: string; text: string; subject?: string; headers?: string[]; messageId?: string },
): string {
  const quoted = letter.text
    .trimEnd()
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return `From: ${opts.fromName ? `"${opts.fromName}" ` : ''}<${opts.from}>
To: ${replyAddressOf(letter)}
Subject: ${opts.subject ?? `Re: ${letter.subject}`}
Date: Thu, 09 Feb 2012 10:12:00 +0000
Message-ID: ${opts.messageId ?? `<answer.${uniq()}@officials.example>`}
In-Reply-To: ${letter.headers['message-id']}
${(opts.headers ?? []).map((h) => `${h}\n`).join('')}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

${opts.text}

On Wed, 8 Feb 2012, the campaign wrote:
${quoted}
`;
}
