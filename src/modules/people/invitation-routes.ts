import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { answerInvitation, listOwnInvitations } from './invitations.ts';

const answerForm = z.object({
  invitationId: z.coerce.number().int().positive(),
  answer: z.enum(['accept', 'decline']),
});

/** A person's own invitations from hubs (people/find-by-email.ts), which only they can answer. */
export function registerInvitationRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(paths.accountInvitations, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return reply.render('modules/people/views/invitations.njk', {
      pageTitle: 'Invitations',
      invitations: await listOwnInvitations(db, principal.personId),
    });
  });

  app.post(paths.accountInvitations, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const parsed = answerForm.safeParse(request.body);
    // Without an invitation to answer, back to the list.
    if (!parsed.success) return reply.code(303).redirect(paths.accountInvitations);
    const accept = parsed.data.answer === 'accept';
    const answered = await answerInvitation(db, actorOf(principal), {
      personId: principal.personId,
      invitationId: parsed.data.invitationId,
      accept,
    });
    const where = answered.hubName ? ` with ${answered.hubName}` : '';
    const text = accept
      ? `You now have the ${answered.roleName} role${where}`
      : `You have declined the ${answered.roleName} role${where}`;
    return reply.flash({ kind: 'success', text }).code(303).redirect(paths.account);
  });
}
