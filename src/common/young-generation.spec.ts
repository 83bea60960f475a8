import { capYoungGeneration, semiSpaceBytes, youngGrowthFactor } from './young-generation.js';

const MB = 1024 * 1024;

describe('the young-generation cap', () => {
  it('lets a semi-space double only while the doubled size stays within the cap', () => {
    expect(youngGrowthFactor(1 * MB, 1 * MB, 4 * MB)).toBe(2);
    expect(youngGrowthFactor(2 * MB, 2 * MB, 4 * MB)).toBe(2);
    expect(youngGrowthFactor(4 * MB, 4 * MB, 4 * MB)).toBe(1);
    expect(youngGrowthFactor(16 * MB, 16 * MB, 8 * MB)).toBe(1);
  });

  it('holds a semi-space that just changed size until the next look: one doubling at a time', () => {
    expect(youngGrowthFactor(2 * MB, 1 * MB, 8 * MB)).toBe(1);
    expect(youngGrowthFactor(1 * MB, 2 * MB, 8 * MB)).toBe(1);
  });

  it('reads the semi-space from V8: half of the young generation', () => {
    expect(semiSpaceBytes()).toBeGreaterThan(0);
  });

  it('0 leaves the young generation to V8', () => {
    const stop = capYoungGeneration(0);
    expect(stop).toBeInstanceOf(Function);
    stop();
  });
});
