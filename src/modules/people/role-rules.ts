import type { FieldError } from '../../platform/errors.ts';
import { type Role, roleNames } from './schema.ts';

/** Job titles people hold within hub leadership, offered as examples in the forms. */
export const hubLeadershipTitles = ['Maths Hub Lead', 'Assistant Maths Hub Lead', 'Project Manager'] as const;

export interface RoleShape {
  role: Role;
  hubId: number | null;
  schoolUrn: number | null;
}

const nationalRoles: readonly Role[] = ['national_admin', 'national_analyst'];
const hubRoles: readonly Role[] = ['hub_leadership', 'llme', 'intensive_support_partner'];

/**
 * What each role must carry: national roles neither hub nor school; hub leadership and LLMEs their hub;
 * school contacts their school (the hub comes from the school). Participants may have a hub.
 */
export function roleShapeProblems(shape: RoleShape): FieldError[] {
  const name = roleNames[shape.role];
  const problems: FieldError[] = [];
  if (nationalRoles.includes(shape.role)) {
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
  if (shape.role !== 'school_contact' && shape.schoolUrn !== null && !nationalRoles.includes(shape.role)) {
    problems.push({ field: 'schoolUrn', message: 'Only a school contact role has a school: leave it empty' });
  }
  return problems;
}
