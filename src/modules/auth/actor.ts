import type { Actor } from '../../platform/audit.ts';
import type { Principal } from '../../platform/principal.ts';

/** The signed-in person as the author of a change in the event log. */
export const actorOf = (principal: Principal): Actor => ({
  personId: principal.personId,
  label: `${principal.displayName} (${principal.email})`,
});
