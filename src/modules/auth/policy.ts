import type { Principal } from '../../platform/principal.ts';

/** A personal API token is its owner's alone: only they see or revoke it. */
export const canManageApiToken = (principal: Principal | null, token: { personId: number }) =>
  !!principal && principal.personId === token.personId;

/** Demo shortcuts sign in as synthetic demo people only, and only where the configuration shows them. */
export const canUseDemoShortcut = (
  showDemoShortcuts: boolean,
  person: { email: string } | null,
  isDemo: (email: string) => boolean,
) => showDemoShortcuts && !!person && isDemo(person.email);
