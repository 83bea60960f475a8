import { safeNext } from './safe-next.js';

describe('the page after login', () => {
  it('is the admin page asked for', () => {
    expect(safeNext('/admin')).toBe('/admin');
    expect(safeNext('/admin/queues')).toBe('/admin/queues');
    expect(safeNext('/admin/mail?before=abc')).toBe('/admin/mail?before=abc');
  });

  it('is the dashboard for anything else: no open redirect', () => {
    for (const next of [
      undefined,
      '',
      'https://evil.example/admin',
      '//evil.example',
      '/admin//evil.example',
      '/administrator',
      '/api/users',
      '/admin\\..\\x',
      42,
      ['/admin'],
    ]) {
      expect(safeNext(next)).toBe('/admin');
    }
  });
});
