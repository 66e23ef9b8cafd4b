import type { FieldError } from '../../platform/errors.ts';
import { type Role, roleNames } from './schema.ts';

/** Job titles people hold within hub leadership, offered as examples in the forms. */
export const hubLeadershipTitles = ['Maths Hub Lead', 'Assistant Maths Hub Lead', 'Project Manager'] as const;

export interface RoleShape {
  role: Role;
  hubId: number | null;
  schoolUrn: number | null;
  ncpKey?: string | null;
  laCode?: string | null;
}

const nationalRoles: readonly Role[] = ['national_admin', 'national_analyst'];
const hubRoles: readonly Role[] = ['hub_leadership', 'llme', 'intensive_support_partner', 'la_partner'];
/** The roles of an NCP (its Project Lead and Coordination Team): national, carrying the NCP's key. */
export const ncpRoles: readonly Role[] = ['ncp_project_lead', 'ncp_coordination'];

/**
 * What each role must carry: national roles neither hub nor school; hub leadership and LLMEs their hub;
 * school contacts their school (the hub comes from the school). Participants may have a hub. The NCP
 * roles are national (no hub, no school) and carry their NCP; a local authority partner carries the hub
 * and one of its local authorities (that the LA is the hub's is checked against the hub's area).
 */
export function roleShapeProblems(shape: RoleShape): FieldError[] {
  const name = roleNames[shape.role];
  const problems: FieldError[] = [];
  if (nationalRoles.includes(shape.role) || ncpRoles.includes(shape.role)) {
    if (shape.hubId !== null)
      problems.push({ field: 'hubId', message: `${name} is a national role: choose no hub` });
    if (shape.schoolUrn !== null) {
      problems.push({ field: 'schoolUrn', message: `${name} is a national role: leave the school empty` });
    }
  }
  if (hubRoles.includes(shape.role) && shape.hubId === null) {
    problems.push({ field: 'hubId', message: `Choose the hub for the ${name} role` });
  }
  if (shape.role === 'school_contact' && shape.schoolUrn === null) {
    problems.push({ field: 'schoolUrn', message: 'Enter the URN of the school for the school contact role' });
  }
  if (
    shape.role !== 'school_contact' &&
    shape.schoolUrn !== null &&
    !nationalRoles.includes(shape.role) &&
    !ncpRoles.includes(shape.role)
  ) {
    problems.push({ field: 'schoolUrn', message: 'Only a school contact role has a school: leave it empty' });
  }
  const ncpKey = shape.ncpKey ?? null;
  const laCode = shape.laCode ?? null;
  if (ncpRoles.includes(shape.role) && ncpKey === null) {
    problems.push({ field: 'ncpKey', message: `Choose the NCP for the ${name} role` });
  }
  if (!ncpRoles.includes(shape.role) && ncpKey !== null) {
    problems.push({ field: 'ncpKey', message: 'Only the NCP roles have an NCP: choose no NCP' });
  }
  if (shape.role === 'la_partner' && laCode === null) {
    problems.push({ field: 'laCode', message: `Choose the local authority for the ${name} role` });
  }
  if (shape.role !== 'la_partner' && laCode !== null) {
    problems.push({
      field: 'laCode',
      message: 'Only a local authority partner has a local authority: choose no local authority',
    });
  }
  return problems;
}
