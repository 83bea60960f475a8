import { simpleParser } from 'mailparser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asciiReply, classify, deliveryIdOfAddress, deliveryIdOfReturnedMessage, isBounceAddress, parseDeliveryStatus, readBounce } from './dsn.js';

const DOMAIN = 'campaigns.example';
const ID = '0b6f1c52-1111-4222-8333-444455556666';
const TARGET = 'lavrov@mid-ru.example';

/** A DSN from test/fixtures/dsn (real mail systems' formats), addressed to one of our letters. */
async function fixture(name: string, edit: (raw: string) => string = (raw) => raw) {
  const raw = edit(readFileSync(join(process.cwd(), 'test', 'fixtures', 'dsn', name), 'utf8'))
    .replaceAll('{{DELIVERY_ID}}', ID)
    .replaceAll('{{MAIL_DOMAIN}}', DOMAIN)
    .replaceAll('{{TARGET_EMAIL}}', TARGET)
    .replace(/\r?\n/g, '\r\n');
  return simpleParser(raw, { keepDeliveryStatus: true });
}

describe('delivery status notifications (RFC 3464)', () => {
  it('reads a Postfix hard bounce: 5.1.1, the diagnostic unfolded, the letter from the VERP address', async () => {
    const r = readBounce(await fixture('postfix-5.1.1-user-unknown.eml'), [`bounces+${ID}@${DOMAIN}`], DOMAIN);
    expect(r).toEqual({
      ok: true,
      bounce: {
        deliveryIds: [ID],
        kind: 'hard',
        reportingMta: 'mx1.mid-ru.example',
        recipient: {
          finalRecipient: TARGET,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: `smtp; 550 5.1.1 <${TARGET}>: Recipient address rejected: User unknown in virtual mailbox table`,
          remoteMta: 'mail.mid-ru.example',
        },
        reason: `5.1.1 smtp; 550 5.1.1 <${TARGET}>: Recipient address rejected: User unknown in virtual mailbox table (reported by mx1.mid-ru.example)`,
      },
    });
  });

  it('reads a delayed 4.2.2 (mailbox full) as a soft bounce', async () => {
    const r = readBounce(await fixture('postfix-4.2.2-mailbox-full-delayed.eml'), [`bounces+${ID}@${DOMAIN}`], DOMAIN);
    expect(r.ok && r.bounce.kind).toBe('soft');
    expect(r.ok && r.bounce.recipient).toMatchObject({ action: 'delayed', status: '4.2.2', diagnosticCode: `smtp; 452 4.2.2 <${TARGET}>: Mailbox full` });
  });

  it('reads Postfix giving up after its queue lifetime (Action: failed, Status: 4.4.1) as a hard bounce: failed is final (RFC 3464 §2.3.3)', async () => {
    const r = readBounce(await fixture('postfix-4.4.1-failed-queue-expired.eml'), [`bounces+${ID}@${DOMAIN}`], DOMAIN);
    expect(r.ok && r.bounce).toMatchObject({
      deliveryIds: [ID],
      kind: 'hard',
      recipient: { action: 'failed', status: '4.4.1', diagnosticCode: 'X-Postfix; connect to mx.arab-league.example[203.0.113.40]:25: Connection timed out' },
      reason: '4.4.1 X-Postfix; connect to mx.arab-league.example[203.0.113.40]:25: Connection timed out (reported by relay.appeals-relay.example)',
    });
  });

  it('finds the letter by the returned Message-ID when the envelope lost the bounces+ID tag (Exchange, 5.1.10)', async () => {
    const r = readBounce(await fixture('exchange-5.1.10-recipient-not-found.eml'), [`bounces@${DOMAIN}`], DOMAIN);
    expect(r.ok && r.bounce).toMatchObject({
      deliveryIds: [ID],
      kind: 'hard',
      recipient: { status: '5.1.10', diagnosticCode: 'smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' },
    });
  });

  it('names the problem of a malformed report, an auto-reply, or a report about no letter of ours', async () => {
    expect(readBounce(await fixture('malformed-report.eml'), [`bounces+${ID}@${DOMAIN}`], DOMAIN)).toEqual({ ok: false, problem: expect.any(String) });
    expect(readBounce(await fixture('auto-reply-out-of-office.eml'), [`bounces+${ID}@${DOMAIN}`], DOMAIN)).toEqual({
      ok: false,
      problem: 'no message/delivery-status part: not a delivery status notification (RFC 3464)',
    });
    // a report on a message of another domain, sent to the untagged address
    const foreign = await fixture('postfix-5.1.1-user-unknown.eml', (raw) => raw.replace(/^X-Appeal-Delivery:.*\n/m, ''));
    const other = readBounce(foreign, [`bounces@another.example`], 'another.example');
    expect(other).toEqual({ ok: false, problem: 'names no letter: neither a bounces+ID address nor a returned Message-ID of this domain' });
    const garbage = await simpleParser(Buffer.from([0, 1, 2, 255, 254, 10, 10, 0x41]), { keepDeliveryStatus: true });
    expect(readBounce(garbage, [`bounces+${ID}@${DOMAIN}`], DOMAIN).ok).toBe(false);
  });

  it('parses per-recipient blocks, takes the status from the diagnostic when Status lacks one, and classifies by class', () => {
    const report = parseDeliveryStatus(
      'Reporting-MTA: dns; mx.example\r\n\r\n' +
        'Final-Recipient: rfc822; a@x.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\n' +
        'Final-Recipient: rfc822; b@x.example\r\nAction: failed\r\nStatus: 5.0.0 (permanent failure)\r\nDiagnostic-Code: smtp; 554 5.7.1\r\n  blocked\r\n\r\n' +
        'Final-Recipient: rfc822; c@x.example\r\nAction: failed\r\nDiagnostic-Code: smtp; 550 5.2.1 mailbox disabled\r\n\r\n' +
        'Final-Recipient: rfc822; d@x.example\r\nAction: failed\r\nStatus: 4.4.7\r\n\r\n' +
        'Final-Recipient: rfc822; e@x.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n' +
        'Final-Recipient: rfc822; f@x.example\r\nStatus: 4.2.2\r\n',
    );
    expect(report?.reportingMta).toBe('mx.example');
    expect(report?.recipients.map((r) => [r.finalRecipient, r.status, classify(r)])).toEqual([
      ['a@x.example', '2.0.0', 'success'],
      ['b@x.example', '5.0.0', 'hard'],
      ['c@x.example', '5.2.1', 'hard'],
      // failed is final whatever the class; delayed, or a 4.x.x with no action, is still being tried
      ['d@x.example', '4.4.7', 'hard'],
      ['e@x.example', '4.4.1', 'soft'],
      ['f@x.example', '4.2.2', 'soft'],
    ]);
    expect(report?.recipients[1].diagnosticCode).toBe('smtp; 554 5.7.1 blocked');
    expect(parseDeliveryStatus('Reporting-MTA: dns; mx.example\r\n')).toBeNull();
    expect(parseDeliveryStatus('Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; a@x.example\r\nAction: failed\r\n')).toBeNull();
  });

  it('knows its own addresses and Message-IDs, and nobody else’s', () => {
    expect(isBounceAddress(`bounces+${ID}@${DOMAIN}`, DOMAIN)).toBe(true);
    expect(isBounceAddress(`BOUNCES@CAMPAIGNS.EXAMPLE`, DOMAIN)).toBe(true);
    expect(isBounceAddress(`postmaster@${DOMAIN}`, DOMAIN)).toBe(false);
    expect(isBounceAddress(`bounces@${DOMAIN}.evil.example`, DOMAIN)).toBe(false);
    expect(isBounceAddress(`bounces@campaignsXexample`, DOMAIN)).toBe(false);
    expect(deliveryIdOfAddress(`bounces+${ID.toUpperCase()}@${DOMAIN}`, DOMAIN)).toBe(ID);
    expect(deliveryIdOfAddress(`bounces+not-a-uuid@${DOMAIN}`, DOMAIN)).toBeNull();
    expect(deliveryIdOfReturnedMessage(`Subject: x\r\nMessage-ID:\r\n <${ID}@${DOMAIN}>\r\n\r\nbody`, DOMAIN)).toBe(ID);
    expect(deliveryIdOfReturnedMessage(`Message-ID: <test-${ID}@${DOMAIN}>\r\nX-Appeal-Delivery: ${ID}\r\n`, DOMAIN)).toBe(ID);
    expect(deliveryIdOfReturnedMessage(`Message-ID: <${ID}@elsewhere.example>\r\n`, DOMAIN)).toBeNull();
  });

  it('keeps an SMTP reply printable ASCII, whatever it echoes', () => {
    expect(asciiReply('5.1.1 <пётр@mid-ru.example>: only bounces+ID@campaigns.example…\r\n')).toBe(
      '5.1.1 <????@mid-ru.example>: only bounces+ID@campaigns.example???',
    );
    expect(asciiReply('4.3.0 try again later')).toBe('4.3.0 try again later');
  });
});
