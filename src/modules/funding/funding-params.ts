import { z } from 'zod';
import type { Executor } from '../../platform/database.ts';
import {
  academicYearParam,
  hubQuery,
  idParam,
  ncpCodeParam,
  yearControlItems,
} from '../../platform/params.ts';
import { yearFromParam, yearParam } from '../activities/forms.ts';
import type { HubChoice } from '../hubs/choose-hub.ts';
import { hubChoiceItems } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { claimSortColumns } from './claims-view.ts';
import { fundingSources } from './grant-rules.ts';
import { claimStatuses } from './schema.ts';

/** The addresses of the funding pages: their query strings and parameters, checked before a handler runs. */

export const pageSize = 100;
export const formats = z.enum(['html', 'csv', 'xlsx']).catch('html');
export const hubYearQuery = z.object({
  hub: hubQuery,
  year: z.string().trim().max(7).optional().catch(undefined),
});
export const statementQuery = hubYearQuery.extend({
  revision: idParam.optional().catch(undefined),
  source: z.enum(['', ...fundingSources]).catch(''),
  ncp: z.string().trim().max(30).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: formats,
});
export type StatementQuery = z.output<typeof statementQuery>;
export const claimsQuery = hubYearQuery.extend({
  sort: z.enum(claimSortColumns).catch('submitted'),
  order: z.enum(['asc', 'desc']).catch('desc'),
  status: z.enum(['', ...claimStatuses]).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: formats,
});
export type ClaimsQuery = z.output<typeof claimsQuery>;
export const hubSortColumns = ['name', 'total', 'unmet'] as const;
export const nationalQuery = hubYearQuery.extend({
  format: formats,
  table: z.enum(['hubs', 'ncps']).catch('hubs'),
  sort: z.enum(hubSortColumns).catch('name'),
  order: z.enum(['asc', 'desc']).catch('asc'),
});
export const claimParams = z.object({ claimId: idParam });
export const yearParams = z.object({ year: academicYearParam });
export const rulesParams = z.object({ year: academicYearParam, ncpCode: ncpCodeParam });

/** A posted text field, trimmed; nothing if it is missing or blank. */
export const postedText = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** The academic year of `?year=2019-20`, or this one. */
export const yearOf = (param: string | undefined) => yearFromParam(param) ?? currentAcademicYear();

/** The academic years to choose from, for a select. */
export const yearItems = async (db: Executor) => yearControlItems(await yearOptions(db));

/** What every page of a year shows of it: the year, its address form and the years to choose from. */
export const yearView = async (db: Executor, yearCode: string) => ({
  yearCode,
  yearParam: yearParam(yearCode),
  years: await yearItems(db),
});

/** What every page of a hub's year shows: the hub chosen, the hubs and years to choose from. */
export const hubYearView = async (db: Executor, choice: HubChoice, yearCode: string) => ({
  choice,
  hubItems: hubChoiceItems(choice),
  ...(await yearView(db, yearCode)),
});
