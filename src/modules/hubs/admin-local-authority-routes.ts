import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { type ComparedField, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { laCodeParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { localAuthoritiesCsv } from './admin-export.ts';
import { listHref, matchesWords, pageOf, paginationFor, sortLinks, sortRows } from './admin-lists.ts';
import { type LocalAuthorityRow, listHubs, listLocalAuthorities } from './list-hubs.ts';
import { canChangeNationalRecords, canReadNationalRecords } from './policy.ts';
import { englishRegions } from './regions.ts';
import { localAuthorityFormId, updateLocalAuthority } from './update-local-authority.ts';

const sortColumns = ['code', 'name', 'region', 'hubs', 'schools'] as const;
const NO_HUB = 'none';
const PAGE_SIZE = 50;

const listQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  region: z.string().max(20).catch(''),
  hub: z.string().max(200).catch(''),
  sort: z.enum(sortColumns).catch('name'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
  format: z.enum(['html', 'csv']).catch('html'),
});
type ListQuery = z.output<typeof listQuery>;

const sortKeys: Record<(typeof sortColumns)[number], (la: LocalAuthorityRow) => string | number | null> = {
  code: (la) => la.code,
  name: (la) => la.name,
  region: (la) => la.regionName,
  hubs: (la) => la.hubNames,
  schools: (la) => la.schoolCount,
};

function filterLocalAuthorities(rows: LocalAuthorityRow[], query: ListQuery): LocalAuthorityRow[] {
  const found = rows.filter(
    (la) =>
      matchesWords(query.q, la.code, la.name, la.gssCode) &&
      (!query.region || la.regionCode === query.region) &&
      (!query.hub ||
        (query.hub === NO_HUB ? !la.hubNames : (la.hubNames ?? '').split('; ').includes(query.hub))),
  );
  return sortRows(found, sortKeys[query.sort], query.order);
}

const codeParams = z.object({ code: laCodeParam });

const regionNames = new Map<string, string>(englishRegions.map((r) => [r.code, r.name]));
/** The edit form's fields as a stale edit compares them. */
const localAuthorityComparedFields: ComparedField[] = [
  { name: 'name', label: 'Name' },
  {
    name: 'regionCode',
    label: 'Region',
    show: (f) => regionNames.get(String(f.regionCode ?? '')) ?? String(f.regionCode ?? ''),
  },
];

/** The national team's list of local authorities, and the page to correct one's name or region. */
export function registerLocalAuthorityAdminRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.admin.localAuthorities,
    { config: { access: canReadNationalRecords }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const query = request.query;
      const [all, hubs] = await Promise.all([listLocalAuthorities(db), listHubs(db)]);
      const found = filterLocalAuthorities(all, query);
      if (query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="local-authorities.csv"')
          .send(localAuthoritiesCsv(found));
      }
      const { format: _format, ...linkQuery } = query;
      const page = pageOf(found, query.page, PAGE_SIZE);
      return reply.render('modules/hubs/views/admin-local-authorities.njk', {
        pageTitle: 'Local authorities',
        query,
        page,
        pagination: paginationFor(paths.admin.localAuthorities, linkQuery, page),
        sortLinks: sortLinks(paths.admin.localAuthorities, linkQuery, sortColumns),
        csvHref: listHref(paths.admin.localAuthorities, linkQuery, { format: 'csv', page: undefined }),
        regions: englishRegions,
        hubNames: hubs.map((h) => h.name),
        noHub: NO_HUB,
        total: all.length,
        canEdit: canChangeNationalRecords(request.principal),
      });
    },
  );

  /**
   * A local authority's page with its edit form: its values, or (after a stale save, status 409) the
   * person's input beside what someone else saved, the form now made from the latest version.
   */
  const localAuthorityPage = async (
    reply: FastifyReply,
    code: string,
    stale?: { yours: Record<string, string> },
  ) => {
    const la = (await listLocalAuthorities(db)).find((row) => row.code === code);
    if (!la) throw new NotFoundError(`There is no local authority with code ${code}`);
    const record = { name: la.name, regionCode: la.regionCode };
    return reply.code(stale ? 409 : 200).render('modules/hubs/views/admin-local-authority.njk', {
      pageTitle: stale ? `Someone else changed ${la.name} (${la.code})` : `${la.name} (${la.code})`,
      la,
      record: stale ? stale.yours : record,
      version: la.version,
      staleEdit: stale && {
        noun: 'local authority',
        rows: staleEditRows(localAuthorityComparedFields, record, stale.yours),
        latestHref: paths.admin.localAuthority(code),
      },
      regions: englishRegions,
      formId: localAuthorityFormId,
    });
  };

  typed.get(
    paths.admin.localAuthority(),
    { config: { access: canChangeNationalRecords }, schema: { params: codeParams } },
    async (request, reply) => localAuthorityPage(reply, request.params.code),
  );

  typed.post(
    paths.admin.localAuthority(),
    { config: { access: canChangeNationalRecords }, schema: { params: codeParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { code } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      return await handleForm(
        reply,
        {
          formUrl: paths.admin.localAuthority(code),
          body,
          onStale: (yours) => localAuthorityPage(reply, code, { yours }),
        },
        async (input) => {
          const version = versionFrom(body);
          const { localAuthority, changed } = await updateLocalAuthority(db, actorOf(principal), {
            ...input,
            code,
            version,
          });
          reply.flash(
            changed
              ? { kind: 'success', text: `${localAuthority.name} (${code}) has been updated` }
              : { kind: 'info', text: `You did not change ${localAuthority.name} (${code})` },
          );
          return reply.code(303).redirect(paths.admin.localAuthorities);
        },
      );
    },
  );
}
