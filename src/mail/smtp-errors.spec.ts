import { classifySmtpError } from './smtp-errors.js';

describe('SMTP failure classes', () => {
  it('a 5xx answer is permanent and keeps the server answer', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <x@y>: no such user' })).toEqual({
      kind: 'permanent',
      permanent: true,
      reason: '550 5.1.1 <x@y>: no such user',
    });
  });
  it('a 4xx answer is temporary', () => {
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 421, response: '421 4.3.0 try again later' })).toMatchObject({
      kind: 'temporary',
      permanent: false,
    });
  });
  it('no SMTP answer at all (refused or dropped connection, timeout) means the server is unreachable', () => {
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toEqual({
      kind: 'unreachable',
      permanent: false,
      reason: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:25',
    });
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Greeting never received' }).kind).toBe('unreachable');
    expect(classifySmtpError({ code: 'ESOCKET', message: 'Connection closed unexpectedly' }).kind).toBe('unreachable');
  });
  it('reads the answer of a rejected recipient', () => {
    expect(classifySmtpError({ message: 'Can\'t send mail - all recipients were rejected', rejectedErrors: [{ responseCode: 550, response: '550 nope' }] })).toEqual({
      kind: 'permanent',
      permanent: true,
      reason: '550 nope',
    });
  });
});
