import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { predecessorName, schoolName } from './school-names.ts';

describe('synthetic school names', () => {
  it('names a school after its town, a landscape word or a saint, as its kind is usually named', () => {
    const random = createRandom(3);
    const name = (overrides: Partial<Parameters<typeof schoolName>[0]>) =>
      schoolName({
        random,
        town: 'Kelthorpe',
        otherTown: 'Stanmere',
        style: 'primary',
        governance: 'maintained',
        faith: 'none',
        variant: 'primary',
        grammar: false,
        ...overrides,
      });
    expect(name({ variant: 'infant' })).toMatch(/Infant School$/);
    expect(name({ faith: 'rc' })).toMatch(/Catholic|RC|Sacred Heart|Corpus Christi/);
    expect(name({ style: 'secondary', grammar: true })).toMatch(/^Kelthorpe Grammar School/);
    expect(name({ style: 'nursery' })).toMatch(/Nursery School$/);
    expect(name({ style: 'utc', governance: 'free' })).toMatch(
      /UTC Kelthorpe|Kelthorpe University Technical College/,
    );
  });

  it('gives a converted academy’s predecessor a maintained school’s name', () => {
    expect(predecessorName('Kelthorpe Primary Academy', 'primary')).toBe('Kelthorpe Primary School');
    expect(predecessorName('Oakwood Academy', 'primary')).toBe('Oakwood Primary School');
    expect(predecessorName('The Kelthorpe Academy', 'secondary')).toBe('Kelthorpe School');
    expect(predecessorName('Kelthorpe Academy', 'secondary')).toBe('Kelthorpe High School');
    expect(
      predecessorName("St Chad's Catholic Primary School, a Catholic Voluntary Academy", 'primary'),
    ).toBe("St Chad's Catholic Primary School");
    expect(predecessorName('Kelthorpe High School', 'secondary')).toBe('Kelthorpe High School');
  });
});
