/** The roles a person may hold (their names and who gives them are the people module's). */
export const roles = [
  'national_admin',
  'national_analyst',
  'hub_leadership',
  'llme',
  /** An LLME working as Intensive Support Partner in Targeted Support partnerships (hub-bound). */
  'intensive_support_partner',
  /** An NCP's Project Lead: runs its national workshops and sees the NCP across hubs (national, no hub). */
  'ncp_project_lead',
  /** A member of an NCP's Project Coordination Team: as the Project Lead (national, no hub). */
  'ncp_coordination',
  /** A local authority's partner helping a hub recruit: sees the hub's interest from schools in their LA. */
  'la_partner',
  'participant',
  'school_contact',
] as const;
export type Role = (typeof roles)[number];

export interface RoleGrant {
  role: Role;
  title: string | null;
  hubId: number | null;
  schoolUrn: number | null;
  /** The NCP of an NCP role, by its key across years: its code without the year ('09' for NCP23-09). */
  ncpKey: string | null;
  /** The local authority of a local authority partner (the hubs module's LA code). */
  laCode: string | null;
}

/** The signed-in person a request acts for, with the roles they hold today. */
export interface Principal {
  personId: number;
  email: string;
  displayName: string;
  hasPassword: boolean;
  roles: RoleGrant[];
  /** How this principal was authenticated. */
  via: 'session' | 'api-token';
}

export const hasRole = (p: Principal | null, ...roles: Role[]): boolean =>
  !!p && p.roles.some((r) => roles.includes(r.role));

/** The NCETM national team: may change national records. */
export const isNationalAdmin = (p: Principal | null) => hasRole(p, 'national_admin');

/** May read every hub's records (national administrators and analysts). */
export const canReadNationally = (p: Principal | null) => hasRole(p, 'national_admin', 'national_analyst');

/** The hubs whose records this person may see as hub staff or LLME. */
export function hubIdsOf(p: Principal | null, ...roles: Role[]): number[] {
  if (!p) return [];
  const wanted = roles.length ? roles : (['hub_leadership', 'llme'] as Role[]);
  return [
    ...new Set(p.roles.filter((r) => wanted.includes(r.role) && r.hubId !== null).map((r) => r.hubId!)),
  ];
}

export const isHubLeadershipOf = (p: Principal | null, hubId: number) =>
  hubIdsOf(p, 'hub_leadership').includes(hubId);

/**
 * The NCPs whose own team `p` is in (NCP Project Lead, NCP Coordination Team), by their keys across
 * years ('09' for NCP23-09): they see those NCPs across every hub, and run their national workshops.
 */
export function ncpKeysOf(p: Principal | null): string[] {
  if (!p) return [];
  return [
    ...new Set(
      p.roles
        .filter((r) => (r.role === 'ncp_project_lead' || r.role === 'ncp_coordination') && r.ncpKey)
        .map((r) => r.ncpKey!),
    ),
  ];
}

/** An NCP's key across years: its code without the year ('NCP23-09' → '09'). */
export const ncpKeyOfCode = (code: string) => code.replace(/^NCP\d\d-/, '');
