import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchText } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { schoolPhases } from './schema.ts';
import { choosingHubName, searchSchools } from './search-schools.ts';

const origin = 'http://school-search.invalid';

/**
 * The form to go back to with the chosen school: a path on this site only (a single "/" first, printable
 * ASCII, no backslash, and still a path here once resolved), else none.
 */
export function pickerReturnTo(value: string | undefined): string | null {
  if (!value || value.length > 2000 || !/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  const resolved = `${url.pathname}${url.search}`;
  return url.origin === origin && !resolved.startsWith('//') ? resolved : null;
}

/** The form's address with the chosen URN in its field (`/admin/people/4/school?schoolUrn=100000`). */
export function withChosenSchool(returnTo: string, field: string, urn: number): string {
  const url = new URL(returnTo, origin);
  url.searchParams.set(field, String(urn));
  return `${url.pathname}${url.search}`;
}

const pickerQuery = z.object({
  q: searchText(100).catch(''),
  returnTo: z.string().max(2000).optional().catch(undefined),
  // The form field the URN goes back in: a plain name.
  field: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/)
    .catch('schoolUrn')
    .default('schoolUrn'),
  hub: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
  format: z.enum(['html', 'json']).catch('html'),
});

const pickerResult = z.object({
  urn: z.number().int(),
  name: z.string(),
  town: z.string().nullable(),
  postcode: z.string().nullable(),
  phase: z.enum(schoolPhases),
  statusName: z.string(),
  isOpen: z.boolean(),
  hubName: z.string().nullable(),
  inHubArea: z.boolean().nullable(),
  chooseHref: z.string().nullable(),
});

/**
 * The school picker's search page: a school chosen by name, URN or postcode on any form, without
 * JavaScript. The form's "Find school" button comes here with `returnTo` (the form's address) and
 * `field`; each result links back to the form with the school's URN in that field. `?format=json`
 * answers the same search for a script to enhance the picker.
 */
export function registerSchoolSearchRoutes(app: FastifyInstance, { db }: Pick<Services, 'db'>): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const limit = 25;

  typed.get(
    paths.schoolSearch,
    { config: { access: 'public' }, schema: { querystring: pickerQuery } },
    async (request, reply) => {
      const { q, field, hub, format } = request.query;
      const returnTo = pickerReturnTo(request.query.returnTo);
      const tooShort = q.length === 1 && !/^\d$/.test(q);
      const found =
        q && !tooShort ? await searchSchools(db, { query: q, pageSize: limit, hubId: hub }) : null;
      const results = (found?.results ?? []).map((s) => ({
        ...s,
        chooseHref: returnTo ? withChosenSchool(returnTo, field, s.urn) : null,
      }));
      if (format === 'json') {
        return reply.send({
          total: found?.total ?? 0,
          results: results.map((r) => pickerResult.parse(r)),
        });
      }

      return reply.render('modules/schools/views/school-search.njk', {
        pageTitle: q ? `Find a school: results for ‘${q}’` : 'Find a school',
        q,
        field,
        hub,
        hubName: await choosingHubName(db, hub),
        returnTo,
        total: found?.total ?? 0,
        searched: found !== null,
        limit,
        results,
        errors: tooShort
          ? [{ text: 'Enter at least 2 characters of a school name, or a URN or postcode', href: '#q' }]
          : [],
      });
    },
  );
}
