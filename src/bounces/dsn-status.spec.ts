import type { ParsedMail } from 'mailparser';
import { parseDeliveryStatus, readBounce } from './dsn.js';

/**
 * The fields of a delivery-status report, read field by field (RFC 3464 §2.1: header-style
 * fields, folded lines, blocks separated by blank lines), and how readBounce sums a report up.
 */
const DOMAIN = 'campaigns.example';
const ID = '0b6f1c52-1111-4222-8333-444455556666';
const OTHER_ID = '1c7a2d63-2222-4333-8444-555566667777';

/** A parsed DSN as mailparser gives it: the delivery-status part (and a returned message) as attachments. */
const dsn = (status: string, returned?: string) =>
  ({
    attachments: [
      { contentType: 'Message/Delivery-Status', content: Buffer.from(status) },
      ...(returned ? [{ contentType: 'text/rfc822-headers', content: Buffer.from(returned) }] : []),
    ],
  }) as unknown as ParsedMail;

describe('the fields of a delivery-status report', () => {
  it('unfolds continuation lines, keeps the first of a repeated field, and takes Original-Recipient when Final-Recipient is missing', () => {
    const report = parseDeliveryStatus(
      '\uFEFFReporting-MTA: dns;\r\n  mx.example\r\n\r\n' +
        'Original-Recipient: rfc822;a@x.example\r\nAction: Failed (permanent failure)\r\nStatus: 5.1.1\r\nStatus: 2.0.0\r\n' +
        'Remote-MTA: dns; mail.x.example\r\nDiagnostic-Code: smtp; 550\r\n\t5.1.1   no such\r\n  user\r\n',
    );
    expect(report).toEqual({
      reportingMta: 'mx.example',
      recipients: [
        { finalRecipient: 'a@x.example', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 no such user', remoteMta: 'mail.x.example' },
      ],
    });
  });

  it('reads a field name in any case and a value with no address type; a line that is no field ends the one before', () => {
    const report = parseDeliveryStatus('reporting-mta: mx.example\n\nfinal-recipient: a@x.example\nACTION: DELAYED\nnot a field\n  continued\nstatus: 4.2.2\n');
    expect(report?.reportingMta).toBe('mx.example');
    expect(report?.recipients).toEqual([{ finalRecipient: 'a@x.example', action: 'delayed', status: '4.2.2', diagnosticCode: null, remoteMta: null }]);
  });

  it('accepts a block that names only its action, and leaves out blocks with no status code or no recipient', () => {
    const report = parseDeliveryStatus(
      'Reporting-MTA: dns; mx.example\n\n' +
        'Action: failed\nStatus: 5.0.0\n\n' +
        'Final-Recipient: rfc822; b@x.example\nStatus: none\n\n' +
        'Diagnostic-Code: smtp; 550 5.1.1 unknown\n\n' +
        'Final-Recipient: rfc822; c@x.example\nStatus: 5.1.10\n',
    );
    expect(report?.recipients.map((r) => [r.finalRecipient, r.action, r.status])).toEqual([
      [null, 'failed', '5.0.0'],
      ['c@x.example', null, '5.1.10'],
    ]);
  });

  it('takes a status code from the diagnostic only where it stands alone', () => {
    const statusOf = (diagnostic: string) =>
      parseDeliveryStatus(`Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@x.example\nDiagnostic-Code: ${diagnostic}\n`)?.recipients[0].status ??
      null;
    expect(statusOf('smtp; 550 5.7.1 (blocked)')).toBe('5.7.1');
    expect(statusOf('smtp;(4.4.7) expired')).toBe('4.4.7');
    expect(statusOf('smtp; 550 version 15.1.1.0 refused')).toBeNull();
    expect(statusOf('smtp; 550 5.1.1.2 odd')).toBeNull();
    expect(statusOf('smtp; 550 refused')).toBeNull();
  });

  it('has no report without a recipient block', () => {
    expect(parseDeliveryStatus('')).toBeNull();
    expect(parseDeliveryStatus('\r\n\r\n')).toBeNull();
  });
});

describe('a bounce summed up', () => {
  const report = (...blocks: string[]) => ['Reporting-MTA: dns; mx.example', ...blocks].join('\r\n\r\n');

  it('is classified by its worst recipient, whichever comes first', () => {
    const worstLast = readBounce(
      dsn(
        report(
          'Final-Recipient: rfc822; a@x.example\r\nStatus: 2.0.0',
          'Final-Recipient: rfc822; b@x.example\r\nStatus: 4.2.2',
          'Final-Recipient: rfc822; c@x.example\r\nStatus: 5.1.1',
        ),
      ),
      [`bounces+${ID}@${DOMAIN}`],
      DOMAIN,
    );
    expect(worstLast.ok && [worstLast.bounce.kind, worstLast.bounce.recipient.finalRecipient]).toEqual(['hard', 'c@x.example']);
    const worstFirst = readBounce(
      dsn(report('Final-Recipient: rfc822; c@x.example\r\nStatus: 5.1.1', 'Final-Recipient: rfc822; b@x.example\r\nStatus: 4.2.2')),
      [`bounces+${ID}@${DOMAIN}`],
      DOMAIN,
    );
    expect(worstFirst.ok && worstFirst.bounce.recipient.finalRecipient).toBe('c@x.example');
    const soft = readBounce(
      dsn(report('Final-Recipient: rfc822; a@x.example\r\nStatus: 2.0.0', 'Final-Recipient: rfc822; b@x.example\r\nStatus: 4.2.2')),
      [`bounces+${ID}@${DOMAIN}`],
      DOMAIN,
    );
    expect(soft.ok && [soft.bounce.kind, soft.bounce.recipient.finalRecipient]).toEqual(['soft', 'b@x.example']);
  });

  it('names each letter once, from every tagged envelope recipient, before any returned message', () => {
    const r = readBounce(
      dsn(report('Final-Recipient: rfc822; a@x.example\r\nStatus: 5.1.1'), `Message-ID: <${OTHER_ID}@${DOMAIN}>\r\n`),
      [`bounces+${ID}@${DOMAIN}`, `BOUNCES+${ID.toUpperCase()}@${DOMAIN}`, `bounces+${OTHER_ID}@${DOMAIN}`, `bounces@${DOMAIN}`],
      DOMAIN,
    );
    expect(r.ok && r.bounce.deliveryIds).toEqual([ID, OTHER_ID]);
  });

  it('gives its reason in one line of at most 500 characters, saying the action when there is no diagnostic', () => {
    const plain = readBounce(
      dsn('Final-Recipient: rfc822; a@x.example\r\nAction: failed\r\nStatus: 5.0.0\r\n\r\nFinal-Recipient: rfc822; a@x.example\r\nStatus: 5.0.0'),
      [`bounces+${ID}@${DOMAIN}`],
      DOMAIN,
    );
    expect(plain.ok && [plain.bounce.reason, plain.bounce.reportingMta]).toEqual(['5.0.0 action unknown', null]);
    const failed = readBounce(dsn(report('Final-Recipient: rfc822; a@x.example\r\nAction: failed\r\nStatus: 5.0.0')), [`bounces+${ID}@${DOMAIN}`], DOMAIN);
    expect(failed.ok && failed.bounce.reason).toBe('5.0.0 action failed (reported by mx.example)');
    const long = readBounce(
      dsn(report(`Final-Recipient: rfc822; a@x.example\r\nStatus: 5.7.1\r\nDiagnostic-Code: smtp; 550 ${'spam  '.repeat(200)}`)),
      [`bounces+${ID}@${DOMAIN}`],
      DOMAIN,
    );
    const reason = long.ok ? long.bounce.reason : '';
    expect(reason).toHaveLength(500);
    expect(reason).toMatch(/^5\.7\.1 smtp; 550 spam spam .*…$/);
    expect(reason).not.toMatch(/\s{2}/);
  });

  it('says what is wrong with a report that holds no usable recipient', () => {
    expect(readBounce(dsn('Reporting-MTA: dns; mx.example'), [`bounces+${ID}@${DOMAIN}`], DOMAIN)).toEqual({
      ok: false,
      problem: 'the delivery-status part holds no recipient with a status code',
    });
    expect(readBounce({} as ParsedMail, [`bounces+${ID}@${DOMAIN}`], DOMAIN)).toEqual({
      ok: false,
      problem: 'no message/delivery-status part: not a delivery status notification (RFC 3464)',
    });
  });
});
