import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearParam } from '../activities/forms.ts';
import { actionsFor, claimActionNames, claimStatusNames } from './claim-states.ts';
import { decideClaim } from './decide-claim.ts';
import { claimParams } from './funding-params.ts';
import { claimRoleNames } from './grant-rules.ts';
import { claimHistory, getClaim, listClaims } from './list-claims.ts';
import { formatPence } from './money.ts';
import { canManageFunding, canViewFundingOf, canViewHubFunding, canViewNationalFunding } from './policy.ts';

/** A claim with its history; the national team decides it (approve, reject with a reason, pay). */
export function registerClaimDecisionRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.funding.claim(),
    { config: { access: canViewHubFunding }, schema: { params: claimParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const claim = await getClaim(db, { claimId: request.params.claimId });
      if (!canViewFundingOf(principal, claim.hubId)) throw new NotFoundError('There is no such claim');
      const [row] = (await listClaims(db, { yearCode: claim.yearCode, hubId: claim.hubId })).filter(
        (c) => c.id === claim.id,
      );
      return reply.render('modules/funding/views/claim.njk', {
        pageTitle: `Claim ${claim.id}`,
        claim: row,
        history: await claimHistory(db, claim.id),
        statusNames: claimStatusNames,
        roleNames: claimRoleNames,
        formatPence,
        actionItems: canManageFunding(principal)
          ? actionsFor(claim.status).map((a) => ({ value: a, text: claimActionNames[a] }))
          : [],
        backHref: canViewNationalFunding(principal)
          ? withQuery(paths.funding.allClaims, { year: yearParam(claim.yearCode) })
          : withQuery(paths.funding.claims, { year: yearParam(claim.yearCode) }),
      });
    },
  );

  typed.post(
    paths.funding.claim(),
    { config: { access: canManageFunding }, schema: { params: claimParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { claimId } = request.params;
      const url = paths.funding.claim(claimId);
      await getClaim(db, { claimId });
      // A step the claim's status does not allow (paying a rejected claim) goes back with the reason.
      return handleForm(
        reply,
        { formUrl: url, body: request.body, conflictField: 'action' },
        async (input) => {
          const done = await decideClaim(db, actorOf(principal), {
            claimId,
            action: input.action,
            reason: input.reason,
          });
          reply.flash({
            kind: 'success',
            text: `Claim ${claimId} is ${claimStatusNames[done.status as 'paid'].toLowerCase()}`,
          });
          return reply.code(303).redirect(url);
        },
      );
    },
  );
}
