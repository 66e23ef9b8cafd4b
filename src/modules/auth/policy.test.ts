import { describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/principal.ts';
import { isDemoEmail } from '../people/demo-accounts.ts';
import { canManageApiToken, canUseDemoShortcut } from './policy.ts';

const someone: Principal = {
  personId: 7,
  email: 'someone@example.org',
  displayName: 'Some One',
  hasPassword: false,
  roles: [{ role: 'national_admin', title: null, hubId: null, schoolUrn: null, ncpKey: null, laCode: null }],
  via: 'session',
};

describe('auth policy', () => {
  it('lets only the owner manage an API token, whatever their roles', () => {
    expect(canManageApiToken(someone, { personId: 7 })).toBe(true);
    expect(canManageApiToken(someone, { personId: 8 })).toBe(false);
    expect(canManageApiToken(null, { personId: 7 })).toBe(false);
  });

  it('allows demo shortcuts only for demo people where shortcuts are shown', () => {
    const demo = { email: 'demo.lead@demo.mathshubs.example' };
    expect(canUseDemoShortcut(true, demo, isDemoEmail)).toBe(true);
    expect(canUseDemoShortcut(false, demo, isDemoEmail)).toBe(false);
    expect(canUseDemoShortcut(true, { email: 'someone@example.org' }, isDemoEmail)).toBe(false);
    expect(canUseDemoShortcut(true, { email: 'x@demo.mathshubs.example.evil.org' }, isDemoEmail)).toBe(false);
    expect(canUseDemoShortcut(true, null, isDemoEmail)).toBe(false);
  });
});
