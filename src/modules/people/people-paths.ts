import { paths } from '../../platform/paths.ts';

/** The people admin's pages below `paths.admin.people` (kept here until they join the platform's registry). */
export const peoplePaths = {
  newPerson: `${paths.admin.people}/new`,
  person: (id: number | string = ':id') => `${paths.admin.people}/${id}`,
  personRoles: (id: number | string = ':id') => `${paths.admin.people}/${id}/roles`,
  endRole: (id: number | string = ':id', roleId: number | string = ':roleId') =>
    `${paths.admin.people}/${id}/roles/${roleId}/end`,
};
