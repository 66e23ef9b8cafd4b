import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { declineInterest, interestForHub } from './decline-interest.ts';
import { canRegisterAnyInterests } from './policy.ts';

const view = 'modules/registration/views/decline-interest.njk';
const params = z.object({ interestId: idParam });

/** The decline form: a reason is optional (it goes in the person's email and the event log). */
export const declineInterestForm = z.object({
  reason: z
    .string()
    .trim()
    .max(1000, 'The reason must be 1,000 characters or fewer')
    .optional()
    .transform((v) => v || null),
});

/**
 * Declining someone's interest in the hub's offer: a page that says what will happen (they are told by
 * email; the interest leaves the open list, shown under the Declined filter), with an optional reason,
 * then the decline. The hub's leadership only; another hub's interest is not found. Looking never writes.
 */
export function registerDeclineInterestRoutes(app: FastifyInstance, { db, mailer }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.myHub.declineInterest(),
    { config: { access: canRegisterAnyInterests }, schema: { params } },
    async (request, reply) => {
      const interest = await interestForHub(db, requirePrincipal(request), request.params.interestId);
      return reply.render(view, {
        pageTitle: `Decline ${interest.name}’s interest`,
        interest,
        action: paths.myHub.declineInterest(interest.id),
      });
    },
  );

  typed.post(
    paths.myHub.declineInterest(),
    { config: { access: canRegisterAnyInterests }, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { interestId } = request.params;
      return handleForm(
        reply,
        { formUrl: paths.myHub.declineInterest(interestId), body: request.body, schema: declineInterestForm },
        async ({ reason }) => {
          const declined = await declineInterest(
            db,
            actorOf(principal),
            { principal, interestId, reason },
            { mailer },
          );
          return reply
            .flash({
              kind: 'success',
              text: `You have declined ${declined.name}’s interest in ${declined.what}. We have emailed them to tell them.`,
            })
            .code(303)
            .redirect(paths.myHub.interest);
        },
      );
    },
  );
}
