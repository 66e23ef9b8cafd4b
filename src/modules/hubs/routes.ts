import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { registerHubAdminRoutes } from './admin-routes.ts';
import { getHub, listHubs, listLocalAuthorities } from './list-hubs.ts';
import { registerHubOfferRoutes } from './offer-routes.ts';

const hubSchema = z.object({
  slug: z.string(),
  name: z.string(),
  leadSchoolName: z.string().nullable(),
  leadSchoolUrn: z.number().int().nullable(),
  contactEmail: z.string().nullable(),
  website: z.string().nullable(),
});
const areaSchema = z.object({
  laCode: z.string(),
  laName: z.string(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  isDemonstration: z.boolean(),
});
const localAuthoritySchema = z.object({
  code: z.string(),
  name: z.string(),
  gssCode: z.string(),
  regionName: z.string(),
  hubNames: z.string().nullable(),
  schoolCount: z.number().int(),
});

const pickHub = (h: z.infer<typeof hubSchema>) => ({
  slug: h.slug,
  name: h.name,
  leadSchoolName: h.leadSchoolName,
  leadSchoolUrn: h.leadSchoolUrn,
  contactEmail: h.contactEmail,
  website: h.website,
});

export function registerHubRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(paths.hubs, { config: { access: 'public' } }, async (_request, reply) => {
    const hubs = await listHubs(db);
    return reply.render('modules/hubs/views/hubs.njk', { pageTitle: 'Maths Hubs', hubs });
  });

  typed.get(
    paths.hub(),
    { config: { access: 'public' }, schema: { params: z.object({ slug: slugParam }) } },
    async (request, reply) => {
      const detail = await getHub(db, { slug: request.params.slug });
      return reply.render('modules/hubs/views/hub.njk', { pageTitle: detail.hub.name, ...detail });
    },
  );

  typed.get(paths.localAuthorities, { config: { access: 'public' } }, async (_request, reply) => {
    const localAuthorities = await listLocalAuthorities(db);
    return reply.render('modules/hubs/views/local-authorities.njk', {
      pageTitle: 'Local authorities and their Maths Hubs',
      localAuthorities,
    });
  });

  typed.get(
    paths.api.hubs,
    {
      config: { access: 'public' },
      schema: {
        tags: ['Hubs'],
        summary: 'The Maths Hubs',
        response: { 200: z.object({ hubs: z.array(hubSchema.extend({ schoolCount: z.number().int() })) }) },
      },
    },
    async () => ({ hubs: (await listHubs(db)).map((h) => ({ ...pickHub(h), schoolCount: h.schoolCount })) }),
  );

  typed.get(
    paths.api.hub(),
    {
      config: { access: 'public' },
      schema: {
        tags: ['Hubs'],
        summary: 'One Maths Hub with its area (local authorities, optionally narrowed to districts)',
        params: z.object({ slug: slugParam }),
        response: { 200: z.object({ hub: hubSchema, areas: z.array(areaSchema) }) },
      },
    },
    async (request) => {
      const { hub, areas } = await getHub(db, { slug: request.params.slug });
      return {
        hub: pickHub(hub),
        areas: areas.map(({ laCode, laName, districtCode, districtName, isDemonstration }) => ({
          laCode,
          laName,
          districtCode,
          districtName,
          isDemonstration,
        })),
      };
    },
  );

  typed.get(
    paths.api.localAuthorities,
    {
      config: { access: 'public' },
      schema: {
        tags: ['Local authorities'],
        summary: 'The English local authorities with their DfE codes, regions and Maths Hubs',
        response: { 200: z.object({ localAuthorities: z.array(localAuthoritySchema) }) },
      },
    },
    async () => ({
      localAuthorities: (await listLocalAuthorities(db)).map((la) => ({
        code: la.code,
        name: la.name,
        gssCode: la.gssCode,
        regionName: la.regionName,
        hubNames: la.hubNames,
        schoolCount: la.schoolCount,
      })),
    }),
  );

  registerHubAdminRoutes(app, services);
  registerHubOfferRoutes(app, services);
}
