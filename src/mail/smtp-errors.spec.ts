import { classifySmtpError, refusalSubject } from './smtp-errors.js';

describe('SMTP failure classes', () => {
  it('a 5xx answer is permanent and keeps the server answer', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <x@y>: no such user', command: 'RCPT TO' })).toEqual({
      kind: 'permanent',
      permanent: true,
      reason: '550 5.1.1 <x@y>: no such user',
      refused: 'address',
    });
  });
  it('a 4xx answer is temporary', () => {
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 421, response: '421 4.3.0 try again later' })).toMatchObject({
      kind: 'temporary',
      permanent: false,
      refused: null,
    });
  });
  it('no SMTP answer at all (refused or dropped connection, timeout, failed TLS) means the server is unreachable', () => {
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toEqual({
      kind: 'unreachable',
      permanent: false,
      reason: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:25',
      refused: null,
    });
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Greeting never received' }).kind).toBe('unreachable');
    expect(classifySmtpError({ code: 'ESOCKET', message: 'Connection closed unexpectedly' }).kind).toBe('unreachable');
    expect(classifySmtpError({ code: 'ETLS', message: 'self-signed certificate in certificate chain' }).kind).toBe('unreachable');
  });
  it('reads the answer of a rejected recipient', () => {
    expect(
      classifySmtpError({ message: "Can't send mail - all recipients were rejected", rejectedErrors: [{ responseCode: 550, response: '550 nope' }] }),
    ).toEqual({
      kind: 'permanent',
      permanent: true,
      reason: '550 nope',
      refused: null,
    });
  });
});

describe('what a permanent refusal is about', () => {
  const rcpt = (response: string) => classifySmtpError({ code: 'EENVELOPE', responseCode: Number(response.slice(0, 3)), response, command: 'RCPT TO' });

  it.each([
    ['550 5.1.1 <lavrov@mid-ru.example>: Recipient address rejected: User unknown in virtual mailbox table'],
    ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'],
    ['553 5.1.3 Bad recipient address syntax'],
    ['550 5.1.2 Host unknown'],
    ['550-5.1.1 The email account that you tried to reach does not exist.'],
    ['550 5.2.1 The email account that you tried to reach is disabled'],
    ['550 no such user here'],
    ['550 User unknown'],
    ['551 unknown recipient'],
    ['550 Requested action not taken: mailbox does not exist'],
  ])('the address: %s', (response) => {
    const f = rcpt(response);
    expect(f).toMatchObject({ kind: 'permanent', refused: 'address' });
    // the server's answer is kept as it came
    expect(f.reason).toBe(response);
  });

  it.each([
    ['554 5.7.1 <lavrov@mid-ru.example>: Recipient address rejected: Access denied', 'refused for policy, not the address'],
    ['550 5.7.1 Message rejected as spam', 'refused for policy, not the address'],
    ['550 5.7.26 Unauthenticated email is not accepted (DMARC)', 'refused for policy, not the address'],
    ['552 5.3.4 Message size exceeds fixed limit', 'the message is too large, not the address'],
    ['552 5.2.3 Message length exceeds administrative limit', 'the message is too large, not the address'],
    ['550 5.6.0 Content rejected', 'refused for its content, not the address'],
    ['553 5.1.8 <appeals@campaigns.example>: Sender address rejected: Domain not found', 'the sender was refused, not the address'],
    ['552 5.2.2 Mailbox full', 'the mailbox refused the message, not the address'],
    ['554 5.4.6 Hop count exceeded - possible mail loop', 'the message was refused, not the address'],
  ])('the message, not the address: %s', (response, said) => {
    const f = rcpt(response);
    expect(f).toMatchObject({ kind: 'permanent', refused: 'message' });
    expect(f.reason).toBe(`${said}: ${response}`);
  });

  it('a refused MAIL FROM is about the sender, whatever its text', () => {
    const f = classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user', command: 'MAIL FROM' });
    expect(f).toMatchObject({ refused: 'message', reason: 'the sender was refused, not the address: 550 5.1.1 no such user' });
  });

  it('a refusal that does not say what it refuses is kept as answered, and blames nothing', () => {
    expect(rcpt('550 Rejected')).toEqual({ kind: 'permanent', permanent: true, reason: '550 Rejected', refused: null });
    expect(rcpt('554 Transaction failed')).toMatchObject({ refused: null });
    // "no such user" words only count at RCPT, and only with a 550/551/553
    expect(refusalSubject(554, '554 no such user', 'RCPT TO')).toBeNull();
    expect(refusalSubject(550, '550 no such user', 'DATA')).toBeNull();
    // an enhanced code speaks for itself, whatever the stage
    expect(refusalSubject(550, '550 5.1.1 user unknown', 'DATA')).toBe('address');
    expect(refusalSubject(421, '421 4.1.1 try later', 'RCPT TO')).toBeNull();
  });
});
