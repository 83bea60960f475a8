import { crossSiteRefusal, type RequestLike } from './cross-site-requests.js';

const OWN = 'https://act.example.org';
const req = (over: Partial<RequestLike> & { headers?: Record<string, string> }): RequestLike => ({
  method: 'POST',
  url: '/api/admin/deliveries/retry-failed',
  host: 'act.example.org',
  ...over,
  headers: { cookie: 'appeals_session=abc', ...over.headers },
});

describe('CSRF: state changes from another site are refused', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed frame, a redirect)', { origin: 'null' }],
    ['an Origin on another port of the same host', { origin: 'https://act.example.org:8443' }],
    ['a cross-site fetch that also names our Origin', { 'sec-fetch-site': 'cross-site', origin: OWN }],
  ])('refuses %s', (_, headers) => {
    expect(crossSiteRefusal(req({ headers }), OWN)).toEqual(expect.any(String));
  });

  it.each([
    ['same-origin fetch metadata', { 'sec-fetch-site': 'same-origin' }],
    ['a navigation the user started (none)', { 'sec-fetch-site': 'none' }],
    ['our own Origin (browsers without fetch metadata)', { origin: OWN }],
    ['an Origin naming the Host addressed (PUBLIC_URL set otherwise)', { origin: 'http://act.example.org' }],
    ['no Origin and no fetch metadata (not a browser: curl, a server)', {}],
  ])('lets through %s', (_, headers) => {
    expect(crossSiteRefusal(req({ headers }), OWN)).toBeNull();
  });

  it('never concerns safe methods', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(crossSiteRefusal(req({ method, headers: { 'sec-fetch-site': 'cross-site' } }), OWN)).toBeNull();
  });

  it('leaves Bearer-token calls alone: no ambient credential to abuse', () => {
    expect(crossSiteRefusal(req({ headers: { authorization: 'Bearer eyJ.x.y', 'sec-fetch-site': 'cross-site' } }), OWN)).toBeNull();
    // but a malformed Authorization header is no excuse
    expect(crossSiteRefusal(req({ headers: { authorization: 'Basic abc', 'sec-fetch-site': 'cross-site' } }), OWN)).not.toBeNull();
  });

  it('leaves the public JSON API to partners’ pages (CORS, no credentials)', () => {
    expect(
      crossSiteRefusal(
        req({ url: '/api/public/campaigns/homs/signatures', headers: { origin: 'https://partner.example', 'sec-fetch-site': 'cross-site' } }),
        OWN,
      ),
    ).toBeNull();
  });

  it('protects the supporters’ form and the login the same way', () => {
    for (const url of ['/c/homs', '/withdraw/abc', '/api/auth/login', '/api/auth/logout']) {
      expect(crossSiteRefusal(req({ url, headers: { cookie: '', origin: 'https://evil.example' } }), OWN)).not.toBeNull();
    }
  });
});
