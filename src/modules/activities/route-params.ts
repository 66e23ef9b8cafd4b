import { z } from 'zod';
import { hubQuery, idParam } from '../../platform/params.ts';
import { activityKinds, activityStatuses } from './schema.ts';

/** The address values of the activities pages, checked by each route's schema. */
export const activityParams = z.object({ id: idParam });
export const registerParams = z.object({ id: idParam, sessionId: idParam });
export const activitySchoolParams = z.object({ id: idParam, urn: idParam });
export const activityEnrolmentParams = z.object({ id: idParam, enrolmentId: idParam });

export const hubYearQuery = z.object({
  hub: hubQuery,
  year: z.string().trim().max(7).optional().catch(undefined),
});

const formatQuery = z.enum(['html', 'csv', 'xlsx']).catch('html');

export const listQuery = hubYearQuery.extend({
  ncp: z.string().trim().max(50).catch(''),
  kind: z.enum(['', ...activityKinds]).catch(''),
  status: z.enum(['', ...activityStatuses]).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: formatQuery,
});
export type ListQuery = z.output<typeof listQuery>;

export const rosterQuery = hubYearQuery.extend({ format: formatQuery });
