import { canReadNationally, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import { canViewPeople } from '../people/policy.ts';

/**
 * Who may use the privacy pages. Everyone signed in sees their own data. Hub leadership (for the
 * people their hub can see, checked again on the loaded person with the people policy's scope) and
 * the national team produce a person's data on their request; only national administrators erase.
 */
export const canProducePersonData = (p: Principal | null) => canViewPeople(p);
export const canErasePeople = (p: Principal | null) => isNationalAdmin(p);
export const canViewRetention = (p: Principal | null) => canReadNationally(p);
