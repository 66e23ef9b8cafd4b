import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { hubsRunning } from '../hubs/offer-list.ts';
import { yearToSlug } from './catalogue-file.ts';
import { phasesText, sectionView } from './catalogue-views.ts';
import { ncpTypeNames, participationNames } from './labels.ts';
import { getNcp } from './list-ncps.ts';
import { nextPhaseOf } from './next-phase.ts';
import { canChangeCatalogue, canReadCatalogue } from './policy.ts';
import { refuseDraftUnlessNational } from './publication.ts';
import { describeRules, parseRules, strandName, tfmStageNames } from './rules.ts';
import { ncpParams, yearOf } from './year-param.ts';

/** An NCP's page: its specification (sections A–K), rules and next phase. */
export function registerNcpRoutes(app: FastifyInstance, { db }: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.catalogue.ncp(),
      { config: { access: canReadCatalogue }, schema: { params: ncpParams } },
      async (request, reply) => {
        const year = yearOf(request.params.year);
        await refuseDraftUnlessNational(db, canChangeCatalogue(request.principal), year);
        const ncp = await getNcp(db, year, request.params.code);
        return reply.render('modules/catalogue/views/ncp.njk', {
          pageTitle: `${ncp.code} ${ncp.title}`,
          ncp,
          year,
          yearHref: paths.catalogue.year(yearToSlug(year)),
          phases: phasesText(ncp),
          typeName: ncpTypeNames[ncp.type],
          participationName: participationNames[ncp.participation],
          stageName: ncp.completesTfmStage ? tfmStageNames[ncp.completesTfmStage] : null,
          strandName: ncp.strand ? strandName(ncp.strand) : null,
          rules: describeRules(parseRules(ncp.rules)),
          nextPhase: await nextPhaseOf(db, ncp),
          sections: sectionView(ncp),
          canChange: canChangeCatalogue(request.principal),
          editHref: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
          // The front door (issue 13): the hubs running it, each offer filtered to it, and interest.
          hubsRunning: await hubsRunning(db, { ncpId: ncp.id }),
          yearSlug: yearToSlug(year),
        });
      },
    );
}
