import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatDate } from '../../platform/dates.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearFromParam, yearParam } from '../activities/forms.ts';
import { canViewHubActivities } from '../activities/policy.ts';
import { hubYearQuery } from '../activities/route-params.ts';
import { yearItems } from '../activities/view-models.ts';
import { claimStatusNames } from '../funding/claim-states.ts';
import { chooseHub, hubChoiceItems } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import {
  FUNDED_WORKSHOP_DAYS,
  llmeWorkshops,
  workshopClaimLines,
  workshopStateNames,
} from './national-workshops.ts';

const stateTags: Record<string, string> = {
  attended: 'govuk-tag--green',
  absent: 'govuk-tag--red',
  missed: 'govuk-tag--red',
  confirmed: 'govuk-tag--blue',
  waiting: 'govuk-tag--yellow',
  invited: 'govuk-tag--yellow',
  not_invited: 'govuk-tag--grey',
};

/** A hub's LLMEs and their required national workshops, with those missing one first (hub leadership, national team). */
export function registerWorkshopRoutes(app: FastifyInstance, { db }: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.llme.workshops,
      { config: { access: canViewHubActivities }, schema: { querystring: hubYearQuery } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const choice = await chooseHub(db, principal, request.query.hub);
        const yearCode = yearFromParam(request.query.year) ?? currentAcademicYear();
        const entries = choice.hub ? await llmeWorkshops(db, { hubId: choice.hub.id, yearCode }) : null;
        const claims = choice.hub ? await workshopClaimLines(db, { hubId: choice.hub.id, yearCode }) : [];
        const view = entries?.map((e) => ({
          ...e,
          overFunded: e.fundedDaysUsed > FUNDED_WORKSHOP_DAYS,
          ncps: e.ncps.map((n) => ({
            ...n,
            workshops: n.workshops.map((w) => ({
              ...w,
              date: formatDate(w.startsAt),
              stateName: workshopStateNames[w.state],
              stateClass: stateTags[w.state],
            })),
          })),
        }));
        return reply.render('modules/llme/views/workshops.njk', {
          pageTitle: choice.hub
            ? `National workshops of ${choice.hub.name}’s LLMEs`
            : 'LLMEs’ national workshops',
          choice,
          hubItems: hubChoiceItems(choice),
          yearCode,
          yearParam: yearParam(yearCode),
          years: yearItems(await yearOptions(db)),
          entries: view,
          missing: view?.filter((e) => e.missingCount > 0) ?? [],
          fundedDays: FUNDED_WORKSHOP_DAYS,
          claims: claims.map((c) => ({
            ...c,
            kindName: c.kind === 'travel' ? 'Travel' : `${c.days ?? 0} days`,
            amount: `£${(c.amountPence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`,
            statusName: claimStatusNames[c.status as keyof typeof claimStatusNames] ?? c.status,
            href: paths.funding.claim(c.id),
          })),
        });
      },
    );
}
