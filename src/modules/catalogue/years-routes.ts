import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { demonstrationCatalogueYears } from '../demo/demo-catalogues.ts';
import { yearToSlug } from './catalogue-file.ts';
import { yearAfter } from './catalogue-views.ts';
import { copyCatalogueForward } from './copy-catalogue-forward.ts';
import { listAcademicYears, listCatalogueYears } from './list-ncps.ts';
import { canChangeCatalogue, canReadCatalogue } from './policy.ts';
import { draftYears } from './publication.ts';

/** The catalogue's years, and copying a year's catalogue forward to start the next. */
export function registerCatalogueYearsRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(paths.catalogue.years, { config: { access: canReadCatalogue } }, async (request, reply) => {
    const [all, knownYears, drafts, demonstration] = await Promise.all([
      listCatalogueYears(db),
      listAcademicYears(db),
      draftYears(db),
      demonstrationCatalogueYears(db),
    ]);
    const canChange = canChangeCatalogue(request.principal);
    // Drafts are the national team's until published.
    const years = all.filter((y) => canChange || !drafts.has(y.year));
    const latest = years[0]?.year;
    return reply.render('modules/catalogue/views/years.njk', {
      pageTitle: 'Catalogue of Network Collaborative Projects',
      years: years.map((y) => ({
        ...y,
        href: paths.catalogue.year(yearToSlug(y.year)),
        demonstration: demonstration.has(y.year),
        published: !drafts.has(y.year),
      })),
      canChange,
      suggested: latest ? yearAfter(latest) : '',
      knownYears,
    });
  });

  app.post(
    paths.catalogue.copyForward,
    { config: { access: canChangeCatalogue } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const form = { formUrl: paths.catalogue.years, body: request.body, keep: ['from', 'to'] };
      return handleForm(reply, form, async (input) => {
        const result = await copyCatalogueForward(db, actorOf(principal), {
          from: String(input.from ?? ''),
          to: String(input.to ?? ''),
        });
        reply.flash({
          kind: 'success',
          text: `The ${result.from} catalogue has been copied to ${result.to}: ${result.copied} NCPs`,
        });
        return reply.code(303).redirect(paths.catalogue.year(yearToSlug(result.to)));
      });
    },
  );
}
