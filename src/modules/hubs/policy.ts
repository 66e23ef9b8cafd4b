import { canReadNationally, isNationalAdmin, type Principal } from '../../platform/principal.ts';

/**
 * Who may do what to local authorities, hubs and hub areas: national records, read by the national
 * team (administrators and analysts) and changed by national administrators only. A hub's own staff
 * change none of them: a hub's area and lead school are agreed nationally.
 */
export const canReadNationalRecords = (principal: Principal | null) => canReadNationally(principal);

export const canChangeNationalRecords = (principal: Principal | null) => isNationalAdmin(principal);
