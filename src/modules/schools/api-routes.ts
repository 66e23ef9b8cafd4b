import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { getSchool } from './get-school.ts';
import { listSchools } from './list-schools.ts';
import { schoolPhases } from './schema.ts';

const school = z.object({
  urn: z.number().int(),
  name: z.string(),
  laCode: z.string(),
  typeName: z.string(),
  typeGroupName: z.string().nullable(),
  statusName: z.string(),
  isOpen: z.boolean(),
  isStateFunded: z.boolean(),
  phase: z.enum(schoolPhases),
  phaseOfEducation: z.string().nullable(),
  openDate: z.string().nullable(),
  closeDate: z.string().nullable(),
  numberOfPupils: z.number().int().nullable(),
  postcode: z.string().nullable(),
  town: z.string().nullable(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
});
type SchoolOut = z.infer<typeof school>;
const pick = (s: SchoolOut): SchoolOut =>
  Object.fromEntries(Object.keys(school.shape).map((k) => [k, s[k as keyof SchoolOut]])) as SchoolOut;

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The school register through the API: personal API token required (bulk access to the register). */
export function registerSchoolApiRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    paths.api.schools,
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['Schools'],
        summary: 'The school register, filtered and paged',
        security: [{ apiToken: [] }],
        querystring: z.object({
          la: z
            .string()
            .regex(/^\d{3}$/)
            .optional(),
          phase: z.enum(schoolPhases).optional(),
          stateFunded: booleanText.optional(),
          open: booleanText.optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ total: z.number().int(), page: z.number().int(), schools: z.array(school) }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const found = await listSchools(db, {
        laCode: q.la,
        phase: q.phase,
        stateFunded: q.stateFunded,
        open: q.open,
        page: q.page,
        pageSize: q.pageSize,
      });
      return { total: found.total, page: q.page, schools: found.schools.map(pick) };
    },
  );

  typed.get(
    paths.api.school(),
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['Schools'],
        summary: 'One school with its local authority, its Maths Hub and its predecessor/successor links',
        security: [{ apiToken: [] }],
        params: z.object({ urn: idParam }),
        response: {
          200: z.object({
            school,
            localAuthority: z
              .object({ code: z.string(), name: z.string(), regionName: z.string() })
              .nullable(),
            hub: z
              .object({ slug: z.string(), name: z.string(), areaIsDemonstration: z.boolean() })
              .nullable(),
            links: z.array(
              z.object({
                linkedUrn: z.number().int(),
                linkName: z.string().nullable(),
                linkType: z.string(),
                establishedOn: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const detail = await getSchool(db, request.params.urn);
      return {
        school: pick(detail.school),
        localAuthority: detail.localAuthority
          ? {
              code: detail.localAuthority.code,
              name: detail.localAuthority.name,
              regionName: detail.localAuthority.regionName,
            }
          : null,
        hub: detail.hub
          ? {
              slug: detail.hub.slug,
              name: detail.hub.name,
              areaIsDemonstration: detail.hub.areaIsDemonstration,
            }
          : null,
        links: detail.links,
      };
    },
  );
}
