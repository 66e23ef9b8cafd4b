import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { type ComparedField, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { addHubArea } from './add-hub-area.ts';
import { hubAreasCsv, hubsCsv } from './admin-export.ts';
import { listHref, matchesWords, sortLinks, sortRows } from './admin-lists.ts';
import { hubNameStatuses } from './hub-fields.ts';
import { listHubAreas } from './list-hub-areas.ts';
import { getHub, type HubSummary, listHubs, listLocalAuthorities } from './list-hubs.ts';
import { canChangeNationalRecords, canReadNationalRecords } from './policy.ts';
import { listRegisterDistricts } from './register-districts.ts';
import { removeHubArea } from './remove-hub-area.ts';
import { hubFormId, updateHub } from './update-hub.ts';

const sortColumns = ['name', 'lead', 'areas', 'schools'] as const;
const areaFilters = ['', 'demonstration', 'none'] as const;

const listQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  status: z.enum(['', ...hubNameStatuses]).catch(''),
  areas: z.enum(areaFilters).catch(''),
  sort: z.enum(sortColumns).catch('name'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  format: z.enum(['html', 'csv', 'areas-csv']).catch('html'),
});
type ListQuery = z.output<typeof listQuery>;

const sortKeys: Record<(typeof sortColumns)[number], (hub: HubSummary) => string | number | null> = {
  name: (h) => h.name,
  lead: (h) => h.leadSchoolName,
  areas: (h) => h.areaCount,
  schools: (h) => h.schoolCount,
};

function filterHubs(rows: HubSummary[], query: ListQuery): HubSummary[] {
  const found = rows.filter(
    (h) =>
      matchesWords(query.q, h.name, h.slug, h.leadSchoolName) &&
      (!query.status || h.nameStatus === query.status) &&
      (query.areas !== 'demonstration' || h.demonstrationAreaCount > 0) &&
      (query.areas !== 'none' || h.areaCount === 0),
  );
  return sortRows(found, sortKeys[query.sort], query.order);
}

const hubParams = z.object({ id: idParam });
const areaParams = hubParams.extend({ areaId: idParam });

const asText = (value: string | number | null) => (value === null ? '' : String(value));

/** The edit form's fields as a stale edit compares them. */
const hubComparedFields: ComparedField[] = [
  { name: 'name', label: 'Name' },
  {
    name: 'nameStatus',
    label: 'Name confirmed by a public source',
    show: (f) =>
      ({ confirmed: 'Confirmed', unverified: 'Not yet confirmed' })[String(f.nameStatus)] ??
      String(f.nameStatus ?? ''),
  },
  { name: 'leadSchoolName', label: 'Lead school' },
  { name: 'leadSchoolUrn', label: 'Lead school URN' },
  { name: 'contactEmail', label: 'Email address' },
  { name: 'contactPhone', label: 'Telephone' },
  { name: 'website', label: 'Website' },
];

/** The national team's list of hubs, a hub's details and its area. */
export function registerHubDetailAdminRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.admin.hubs,
    { config: { access: canReadNationalRecords }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const query = request.query;
      const found = filterHubs(await listHubs(db), query);
      if (query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="maths-hubs.csv"')
          .send(hubsCsv(found));
      }
      if (query.format === 'areas-csv') {
        const ids = new Set(found.map((h) => h.id));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="maths-hub-areas.csv"')
          .send(hubAreasCsv((await listHubAreas(db)).filter((a) => ids.has(a.hubId))));
      }
      const { format: _format, ...linkQuery } = query;
      return reply.render('modules/hubs/views/admin-hubs.njk', {
        pageTitle: 'Maths Hubs',
        query,
        hubs: found,
        sortLinks: sortLinks(paths.admin.hubs, linkQuery, sortColumns),
        csvHref: listHref(paths.admin.hubs, linkQuery, { format: 'csv' }),
        areasCsvHref: listHref(paths.admin.hubs, linkQuery, { format: 'areas-csv' }),
      });
    },
  );

  /**
   * A hub's page with its edit form: the hub's values, or (after a stale save, status 409) the person's
   * input beside what someone else saved, the form now made from the latest version.
   */
  const hubPage = async (
    reply: FastifyReply,
    request: FastifyRequest,
    id: number,
    stale?: { yours: Record<string, string> },
  ) => {
    const { hub } = await getHub(db, { id });
    const areas = await listHubAreas(db, hub.id);
    const record = {
      name: hub.name,
      nameStatus: hub.nameStatus,
      leadSchoolName: asText(hub.leadSchoolName),
      leadSchoolUrn: asText(hub.leadSchoolUrn),
      contactEmail: asText(hub.contactEmail),
      contactPhone: asText(hub.contactPhone),
      website: asText(hub.website),
    };
    return reply.code(stale ? 409 : 200).render('modules/hubs/views/admin-hub.njk', {
      pageTitle: stale ? `Someone else changed ${hub.name}` : hub.name,
      hub,
      areas,
      schoolCount: areas.reduce((n, a) => n + a.schoolCount, 0),
      canEdit: canChangeNationalRecords(request.principal),
      record: stale ? stale.yours : record,
      version: hub.version,
      staleEdit: stale && {
        noun: 'hub',
        rows: staleEditRows(hubComparedFields, record, stale.yours),
        latestHref: `${paths.admin.hub(id)}#${hubFormId}`,
      },
      formId: hubFormId,
    });
  };

  typed.get(
    paths.admin.hub(),
    { config: { access: canReadNationalRecords }, schema: { params: hubParams } },
    async (request, reply) => hubPage(reply, request, request.params.id),
  );

  typed.post(
    paths.admin.hub(),
    { config: { access: canChangeNationalRecords }, schema: { params: hubParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      return await handleForm(
        reply,
        { formUrl: paths.admin.hub(id), body, onStale: (yours) => hubPage(reply, request, id, { yours }) },
        async (input) => {
          const version = versionFrom(body);
          const { hub, changed } = await updateHub(db, actorOf(principal), { ...input, id, version });
          reply.flash(
            changed
              ? { kind: 'success', text: `${hub.name} has been updated` }
              : { kind: 'info', text: `You did not change ${hub.name}` },
          );
          return reply.code(303).redirect(paths.admin.hub(id));
        },
      );
    },
  );

  typed.get(
    paths.admin.hubAreas(),
    { config: { access: canChangeNationalRecords }, schema: { params: hubParams } },
    async (request, reply) => {
      const { hub } = await getHub(db, { id: request.params.id });
      const [localAuthorities, districts] = await Promise.all([
        listLocalAuthorities(db),
        listRegisterDistricts(db),
      ]);
      const laNames = new Map(localAuthorities.map((la) => [la.code, la.name]));
      return reply.render('modules/hubs/views/admin-hub-areas.njk', {
        pageTitle: `Add an area to ${hub.name}`,
        hub,
        localAuthorities,
        districts: districts.map((d) => ({ ...d, laName: laNames.get(d.laCode) ?? d.laCode })),
      });
    },
  );

  typed.post(
    paths.admin.hubAreas(),
    { config: { access: canChangeNationalRecords }, schema: { params: hubParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(reply, { formUrl: paths.admin.hubAreas(id), body }, async (input) => {
        const { description, hubName } = await addHubArea(db, actorOf(principal), { ...input, hubId: id });
        reply.flash({ kind: 'success', text: `${description} is now in the area of ${hubName}` });
        return reply.code(303).redirect(paths.admin.hub(id));
      });
    },
  );

  typed.post(
    paths.admin.hubAreaRemove(),
    { config: { access: canChangeNationalRecords }, schema: { params: areaParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, areaId } = request.params;
      const { description, hubName } = await removeHubArea(db, actorOf(principal), { hubId: id, areaId });
      reply.flash({ kind: 'success', text: `${description} is no longer in the area of ${hubName}` });
      return reply.code(303).redirect(paths.admin.hub(id));
    },
  );
}
