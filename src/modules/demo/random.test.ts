import { describe, expect, it } from 'vitest';
import { apportion, createRandom, distinctIntegers } from './random.ts';

describe('the seeded random generator', () => {
  it('gives the same numbers for the same seed, and different ones for another seed or fork', () => {
    const draw = (seed: number, label?: string) => {
      const random = label ? createRandom(seed).fork(label) : createRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1, 'la:891')).toEqual(draw(1, 'la:891'));
    expect(draw(1, 'la:891')).not.toEqual(draw(1, 'la:892'));
    expect(draw(1).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('shares a whole number exactly in proportion to weights', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100, [3, 1, 0])).toEqual([75, 25, 0]);
    expect(apportion(7, [0, 0])).toEqual([0, 0]);
    const parts = apportion(16780, [0.5, 600, 40, 1.2, 90]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(16780);
  });

  it('draws distinct integers from a range, in order', () => {
    const urns = distinctIntegers(createRandom(7), 100000, 100050, 50);
    expect(urns).toEqual(Array.from({ length: 50 }, (_, i) => 100000 + i));
    const some = distinctIntegers(createRandom(7), 136000, 152000, 3000);
    expect(new Set(some).size).toBe(3000);
    expect(some.every((u, i) => u >= 136000 && u < 152000 && (i === 0 || u > some[i - 1]!))).toBe(true);
  });
});
