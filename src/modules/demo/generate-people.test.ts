import { describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN, isDemoEmail } from '../people/demo-accounts.ts';
import { roles } from '../people/schema.ts';
import { buildDemoNetwork } from './load-demo.ts';

describe('the synthetic people', () => {
  const network = buildDemoNetwork();
  const { people } = network;

  it('hold every role, each at the demonstration email domain, with unique addresses', () => {
    const held = new Set(people.flatMap((p) => p.roles.map((r) => r.role)));
    // An Intensive Support Partner is made from one of a hub's LLMEs by the Targeted Support demonstration
    // (demo-targeted-support.ts), in the year of its partnerships.
    const laterRoles = new Set(['intensive_support_partner']);
    expect([...held].sort()).toEqual([...roles].filter((r) => !laterRoles.has(r)).sort());
    expect(people.every((p) => isDemoEmail(p.email) && p.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`))).toBe(true);
    expect(new Set(people.map((p) => p.email.toLowerCase())).size).toBe(people.length);
  });

  it('staff every hub with a lead, assistant leads, a project manager and LLMEs', () => {
    for (const hub of network.hubs) {
      const titles = people.flatMap((p) => p.roles.filter((r) => r.hubSlug === hub.slug).map((r) => r.title));
      expect(titles.filter((t) => t === 'Maths Hub Lead')).toHaveLength(1);
      expect(titles.filter((t) => t === 'Assistant Maths Hub Lead')).toHaveLength(3);
      expect(titles.filter((t) => t === 'Project Manager')).toHaveLength(1);
      expect(
        titles.filter((t) => t === 'Work Group Lead' || t === 'Mastery Specialist').length,
      ).toBeGreaterThanOrEqual(5);
    }
  });

  it('puts LLMEs, participants and school contacts at open schools their hub serves', () => {
    const urns = new Set(network.schools.filter((s) => s.isOpen && s.isStateFunded).map((s) => s.urn));
    for (const person of people.filter((p) =>
      p.roles.some((r) => ['llme', 'participant', 'school_contact'].includes(r.role)),
    )) {
      expect(urns.has(person.schoolUrn!)).toBe(true);
    }
  });

  it('gives the first hub staff to the showcase hub, so the sign-in shortcuts show it', () => {
    const firstHubPerson = people.find((p) => p.roles.some((r) => r.hubSlug));
    expect(firstHubPerson!.roles[0]).toMatchObject({
      role: 'hub_leadership',
      title: 'Maths Hub Lead',
      hubSlug: 'east-midlands-west',
    });
  });

  it('is the same every time', () => {
    expect(buildDemoNetwork().people).toEqual(people);
  });
});
