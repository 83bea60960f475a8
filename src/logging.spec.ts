import { addressScrubbingStream, createRootLogger, PinoNestLogger, requestId, requestSummary, scrubAddresses } from './logging.js';

describe('log lines never carry an email address', () => {
  it.each([
    ['{"msg":"notification 1 failed: 550 5.1.1 <amal.haddad@supporters.example>: no such user"}', 'amal.haddad@supporters.example'],
    ['{"msg":"invalid input syntax for type uuid: \\"amal@example.org\\""}', 'amal@example.org'],
    ['{"msg":"Can\'t send mail - all recipients were rejected: o\'brien+tag@example.co.uk"}', 'brien+tag@example.co.uk'],
    ['{"msg":"to ämal@exämple.org"}', 'ämal@exämple.org'],
  ])('replaces the address in %s', (line, address) => {
    const out = scrubAddresses(line);
    expect(out).not.toContain(address);
    expect(out).toContain('<address>');
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it('leaves lines without an address alone, stack traces included', () => {
    const line = '{"err":{"stack":"Error: x\\n    at f (/app/node_modules/@nestjs/core/router.js:1:2)"},"msg":"GET /c/homs@2x"}';
    expect(scrubAddresses(line)).toBe(line);
  });

  it('is applied to everything written', () => {
    const written: string[] = [];
    addressScrubbingStream({ write: (s) => written.push(s) }).write('{"msg":"a@b.example"}\n');
    expect(written).toEqual(['{"msg":"<address>"}\n']);
  });
});

describe('request lines', () => {
  it.each([
    ['/confirm/abc123DEF?lang=ar', '/confirm/[token]?lang=ar'],
    ['/withdraw/abc123', '/withdraw/[token]'],
    ['/api/admin/supporters/export?format=csv&email=a%40b.example', '/api/admin/supporters/export?format=csv&email=[redacted]'],
    ['/c/homs-appeal', '/c/homs-appeal'],
  ])('log %s as %s', (url, logged) => {
    expect(requestSummary({ id: 'r1', method: 'GET', url })).toEqual({ id: 'r1', method: 'GET', url: logged });
  });

  it("carry the caller's X-Request-Id, bounded, or a new id", () => {
    expect(requestId({ headers: { 'x-request-id': 'proxy-42' } })).toBe('proxy-42');
    expect(requestId({ headers: { 'x-request-id': 'x'.repeat(500) } })).toHaveLength(100);
    const fresh = requestId({ headers: {} });
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId({ headers: {} })).not.toBe(fresh);
  });
});

describe("Nest's logger over pino", () => {
  const lines = (level = 'info') => {
    const written: string[] = [];
    const logger = new PinoNestLogger(createRootLogger({ logLevel: level as never }, { write: (s) => written.push(s) }));
    return { logger, out: () => written.map((l) => JSON.parse(l)) };
  };

  it('writes a JSON line per message, with its context, at its level, addresses scrubbed', () => {
    const { logger, out } = lines();
    logger.log('letter 1 sent to minister@mfa.example', 'LetterSender');
    logger.warn('queue paused');
    logger.debug('not at info', 'X');
    expect(out()).toEqual([
      expect.objectContaining({ level: 30, context: 'LetterSender', msg: 'letter 1 sent to <address>' }),
      expect.objectContaining({ level: 40, msg: 'queue paused' }),
    ]);
    expect(out()[1]).not.toHaveProperty('context');
  });

  it('logs an error with its stack, as Nest’s exception handlers give it, and redacts personal fields', () => {
    const { logger, out } = lines();
    logger.error('boom', 'Error: boom\n    at f (/app/x.js:1:2)', 'ExceptionsHandler');
    logger.error(new Error('bad'), 'Ctx');
    logger.log({ msg: 'signed', email: 'a@b.example', firstName: 'Amal' }, 'Signing');
    const [stack, err, fields] = out();
    expect(stack).toMatchObject({
      level: 50,
      context: 'ExceptionsHandler',
      msg: 'boom',
      err: { message: 'boom', stack: expect.stringContaining('at f (/app/x.js:1:2)') },
    });
    expect(err).toMatchObject({ level: 50, context: 'Ctx', msg: 'bad', err: { type: 'Error', message: 'bad' } });
    expect(fields).toMatchObject({ context: 'Signing', msg: 'signed', email: '[redacted]', firstName: '[redacted]' });
  });
});
