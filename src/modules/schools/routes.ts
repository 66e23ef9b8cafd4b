import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatRows } from '../../platform/cli-output.ts';
import { dataVersionsOf } from '../../platform/data-versions.ts';
import { idParam, pageNumber, searchText } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { getSchool } from './get-school.ts';
import { schoolPhases } from './schema.ts';
import { registerSchoolSearchRoutes } from './school-search-routes.ts';
import { searchSchools } from './search-schools.ts';

const searchQuery = z.object({
  q: searchText(100).default(''),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
// The page falls back to its first page and HTML; the API refuses bad values (400). No `q` at all is
// the page before a search; an empty `q` is a search with nothing typed (an error to say).
const pageQuery = z.object({
  q: searchText(100).optional().catch(''),
  page: pageNumber(10_000),
  format: z.enum(['html', 'csv']).catch('html'),
});

const schoolResult = z.object({
  urn: z.number().int(),
  name: z.string(),
  town: z.string().nullable(),
  postcode: z.string().nullable(),
  phase: z.enum(schoolPhases),
  typeName: z.string(),
  statusName: z.string(),
  isOpen: z.boolean(),
  laCode: z.string(),
  laName: z.string().nullable(),
  hubSlug: z.string().nullable(),
  hubName: z.string().nullable(),
});

const searchAnswer = z.object({
  total: z.number().int(),
  page: z.number().int(),
  results: z.array(schoolResult),
});

/** What is wrong with a find-your-hub search, as a GOV.UK error summary's list. */
function searchErrors(q: string, searched: boolean) {
  if (searched && !q) return [{ text: 'Enter a school name, URN, postcode or local authority', href: '#q' }];
  if (q.length === 1)
    return [{ text: 'Enter at least 2 characters of a school name, or a URN or postcode', href: '#q' }];
  return [];
}

export function registerSchoolRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  registerSchoolSearchRoutes(app, { db });

  typed.get(
    paths.findYourHub,
    { config: { access: 'public' }, schema: { querystring: pageQuery } },
    async (request, reply) => {
      const { page, format } = request.query;
      const searched = request.query.q !== undefined;
      const q = request.query.q ?? '';
      if (format === 'csv') {
        const { results } = await searchSchools(db, { query: q, pageSize: 5000 });
        return reply
          .header('content-disposition', 'attachment; filename="find-your-hub.csv"')
          .type('text/csv; charset=utf-8')
          .send(
            formatRows(
              results,
              [
                { header: 'URN', value: (r) => r.urn },
                { header: 'School', value: (r) => r.name },
                { header: 'Status', value: (r) => r.statusName },
                { header: 'Town', value: (r) => r.town },
                { header: 'Postcode', value: (r) => r.postcode },
                { header: 'LA code', value: (r) => r.laCode },
                { header: 'Local authority', value: (r) => r.laName },
                { header: 'Maths Hub', value: (r) => r.hubName },
              ],
              'csv',
            ),
          );
      }
      // Kept under the national records' version: schools, their local authorities, hubs and areas.
      return reply.renderCached(await dataVersionsOf(db, {}), async () => {
        const pageSize = 20;
        const found = q ? await searchSchools(db, { query: q, page, pageSize, withOnlyHub: true }) : null;
        const lastPage = found ? Math.max(1, Math.ceil(found.total / pageSize)) : 1;
        return [
          'modules/schools/views/find-your-hub.njk',
          {
            pageTitle: q ? `Find your Maths Hub: results for ‘${q}’` : 'Find your Maths Hub',
            q,
            page,
            lastPage,
            found,
            errors: searchErrors(q, searched),
          },
        ];
      });
    },
  );

  typed.get(
    paths.school(),
    {
      config: { access: 'public' },
      schema: { params: z.object({ urn: idParam }) },
    },
    async (request, reply) => {
      const detail = await getSchool(db, request.params.urn);
      return reply.render('modules/schools/views/school.njk', { pageTitle: detail.school.name, ...detail });
    },
  );

  typed.get(
    paths.api.findYourHub,
    {
      config: { access: 'public' },
      schema: {
        tags: ['Find your hub'],
        summary: 'Find schools by name, URN, postcode or local authority, with the Maths Hub serving each',
        querystring: searchQuery.extend({ pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: searchAnswer },
      },
    },
    async (request, reply) => {
      const { q, page, pageSize } = request.query;
      // Kept as the page is; the answer is checked against its schema before it is kept.
      return reply.sendKeptJson(await dataVersionsOf(db, {}), async () => {
        const found = await searchSchools(db, { query: q, page, pageSize });
        return JSON.stringify(searchAnswer.parse({ total: found.total, page, results: found.results }));
      });
    },
  );
}
