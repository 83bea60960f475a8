import { audienceProblem, describeAudience, normaliseAudience } from './audience.js';

describe('audiences', () => {
  it('takes the four modes, and countries only with "countries"', () => {
    expect(audienceProblem({ mode: 'everyone' })).toBeNull();
    expect(audienceProblem({ mode: 'same-country' })).toBeNull();
    expect(audienceProblem({ mode: 'fallback' })).toBeNull();
    expect(audienceProblem({ mode: 'countries', countries: ['fr', 'DE'] })).toBeNull();
    expect(audienceProblem({ mode: 'same-country', countries: ['FR'] })).toBe('audience.countries is only for the mode "countries"');
  });

  it('names what is wrong', () => {
    expect(audienceProblem(null)).toMatch(/^audience must be an object/);
    expect(audienceProblem(['everyone'])).toMatch(/^audience must be an object/);
    expect(audienceProblem({ mode: 'nearby' })).toBe('audience.mode must be one of: everyone, same-country, countries, fallback');
    expect(audienceProblem({ mode: 'everyone', radius: 5 })).toBe('audience has an unknown field: radius');
    expect(audienceProblem({ mode: 'countries' })).toMatch(/must list at least one country code/);
    expect(audienceProblem({ mode: 'countries', countries: [] })).toMatch(/must list at least one country code/);
    expect(audienceProblem({ mode: 'countries', countries: ['FR', 'XX', 7] })).toBe('audience.countries: not an ISO 3166-1 alpha-2 country code: XX, 7');
    expect(audienceProblem({ mode: 'countries', countries: Array.from({ length: 301 }, () => 'FR') })).toMatch(/at most 300/);
  });

  it('stores countries upper-cased, sorted and once each, and nothing else', () => {
    expect(normaliseAudience({ mode: 'countries', countries: ['fr', 'DE', 'FR'] })).toEqual({ mode: 'countries', countries: ['DE', 'FR'] });
    expect(normaliseAudience({ mode: 'same-country' })).toEqual({ mode: 'same-country' });
  });

  it('says who an audience is, in words', () => {
    expect(describeAudience({ mode: 'everyone' })).toBe('every supporter');
    expect(describeAudience({ mode: 'countries', countries: ['DE', 'FR'] })).toBe('supporters in DE, FR');
    expect(describeAudience({ mode: 'same-country' })).toBe("supporters in the official's country");
    expect(describeAudience({ mode: 'fallback' })).toBe('supporters whom no country-matched official receives');
  });
});
