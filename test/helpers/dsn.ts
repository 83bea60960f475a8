import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dsn');

/**
 * A delivery status notification from test/fixtures/dsn (the formats real mail systems send),
 * about one letter: its delivery id, the official's address and the mail domain filled in.
 */
export function dsnFixture(name: string, facts: { deliveryId: string; targetEmail: string; mailDomain: string }): string {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .replaceAll('{{DELIVERY_ID}}', facts.deliveryId)
    .replaceAll('{{TARGET_EMAIL}}', facts.targetEmail)
    .replaceAll('{{MAIL_DOMAIN}}', facts.mailDomain)
    .replace(/\r?\n/g, '\r\n');
}

/**
 * Sends a raw message over SMTP the way a mail system returns a report: from the null sender
 * (MAIL FROM:<>) to `to`. Answers the server's reply; rejects with its error (responseCode) when
 * it refuses.
 */
export async function sendOverSmtp(port: number, to: string, raw: string | Buffer): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from: '', to: [to] }, raw });
    return info.response;
  } finally {
    transport.close();
  }
}
