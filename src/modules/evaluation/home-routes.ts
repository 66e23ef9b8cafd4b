import type { FastifyInstance } from 'fastify';
import { paths } from '../../platform/paths.ts';
import { canReadNationally } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { canViewEvaluation } from './policy.ts';

/** The evaluation section's start page: the ways in to each part of the evaluation cycle. */
export function registerEvaluationHomeRoutes(app: FastifyInstance, _services: Services): void {
  app.get(paths.evaluation.home, { config: { access: canViewEvaluation } }, async (request, reply) =>
    reply.render('modules/evaluation/views/home.njk', {
      pageTitle: 'Evaluation',
      // Templates and windows: the national team reads them, its administrators change them.
      canSeeSurveyTemplates: canReadNationally(request.principal ?? null),
    }),
  );
}
