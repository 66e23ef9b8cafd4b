import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearToSlug } from './catalogue-file.ts';
import { canChangeCatalogue } from './policy.ts';
import { catalogueStatus, publishCatalogue } from './publication.ts';
import { yearOf, yearParams } from './year-param.ts';

/**
 * Publishing a draft catalogue (one copied forward): the page that asks first and says what will happen,
 * and publishing it. Looking never writes.
 */
export function registerPublishCatalogueRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.catalogue.publish(),
    { config: { access: canChangeCatalogue }, schema: { params: yearParams } },
    async (request, reply) => {
      const year = yearOf(request.params.year);
      const { status, ncpCount } = await catalogueStatus(db, year);
      if (status === 'none') throw new NotFoundError(`There is no catalogue for ${year}`);
      return reply.render('modules/catalogue/views/publish.njk', {
        pageTitle:
          status === 'draft' ? `Publish the ${year} catalogue` : `The ${year} catalogue is published`,
        year,
        status,
        ncpCount,
        action: paths.catalogue.publish(yearToSlug(year)),
        yearHref: paths.catalogue.year(yearToSlug(year)),
      });
    },
  );

  typed.post(
    paths.catalogue.publish(),
    { config: { access: canChangeCatalogue }, schema: { params: yearParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const year = yearOf(request.params.year);
      const formUrl = paths.catalogue.publish(yearToSlug(year));
      return handleForm(reply, { formUrl, body: request.body, keep: [] }, async () => {
        const result = await publishCatalogue(db, actorOf(principal), { year });
        reply.flash({
          kind: 'success',
          text: `The ${result.year} catalogue has been published: hubs can now plan activities under its ${result.ncps} NCPs`,
        });
        return reply.code(303).redirect(paths.catalogue.year(yearToSlug(year)));
      });
    },
  );
}
