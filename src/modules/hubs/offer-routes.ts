import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { academicYearOf, formatDate, todayInEngland } from '../../platform/dates.ts';
import { slugParam, yearControlItems } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { ncpPhaseNames } from '../catalogue/labels.ts';
import { yearFromSlug, yearSlug } from '../journeys/journey-rules.ts';
import { getHubOffer, offerTexts } from './offer-list.ts';
import { offerViewerOf } from './offer-viewer.ts';
import { yearOptions } from './year-options.ts';

const offerQuery = z.object({
  year: z
    .string()
    .max(20)
    .optional()
    .catch(undefined)
    .transform((v) => (v ? yearFromSlug(v) : null) ?? academicYearOf(todayInEngland())),
  /** An NCP's code, or several separated by commas (a school's next step links to its NCPs). */
  ncp: z.string().trim().max(200).optional().catch(undefined),
});

/** A hub's public offer for a year, by phase: what it runs, for whom, the commitment, dates, places, how to join. */
export function registerHubOfferRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(
    paths.hubOffer(),
    {
      config: { access: 'public' },
      schema: { params: z.object({ slug: slugParam }) },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const { year, ncp } = offerQuery.parse(request.query ?? {});
      const offer = await getHubOffer(db, { slug, yearCode: year, ncpCode: ncp ?? null });
      const viewer = await offerViewerOf(db, request.principal ?? null, offer);
      const years = yearControlItems(await yearOptions(db), year);
      return reply.render('modules/hubs/views/offer.njk', {
        pageTitle: `${offer.hub.name}: what we offer in ${year}`,
        ...offer,
        phases: offer.phases.map((p) => ({
          ...p,
          activities: p.activities.map((a) => ({ ...a, ...offerTexts(a, ncpPhaseNames, formatDate) })),
        })),
        viewer,
        years,
        yearParam: yearSlug(year),
        ncpFilter: ncp ? ncp.split(',').join(', ') : null,
        phaseNames: ncpPhaseNames,
      });
    },
  );
}
