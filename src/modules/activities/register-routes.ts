import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { dataVersionsOf } from '../../platform/data-versions.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { getRegister } from './get-register.ts';
import { markRegister, registerEntriesFrom } from './mark-register.ts';
import { canOpenActivities } from './policy.ts';
import { registerParams } from './route-params.ts';
import { registerView } from './view-models.ts';

/** A session's register: the page, and taking it. */
export function registerRegisterRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.activity.register(),
    { config: { access: canOpenActivities }, schema: { params: registerParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, sessionId } = request.params;
      // Kept under the versions of the activity's hub's records and the national ones: who may see it
      // (its hub, its leads) is among them, and the person is part of the key.
      return reply.renderCached(await dataVersionsOf(db, { activityId: id }), async () => [
        'modules/activities/views/register.njk',
        registerView(await getRegister(db, principal, id, sessionId)),
      ]);
    },
  );

  typed.post(
    paths.activity.register(),
    { config: { access: canOpenActivities }, schema: { params: registerParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, sessionId } = request.params;
      const formUrl = paths.activity.register(id, sessionId);
      return handleForm(reply, { formUrl, body: request.body }, async (input) => {
        // Whoever may take the register; a mark for each participant enrolled (none if the form has none).
        const { rows } = await getRegister(db, principal, id, sessionId);
        const entries = registerEntriesFrom(
          input,
          rows.map((r) => r.enrolmentId),
        );
        const result = await markRegister(db, actorOf(principal), { activityId: id, sessionId, entries });
        reply.flash(
          result.changed
            ? {
                kind: 'success',
                text: `The register has been saved: ${result.present} of ${result.marked} present`,
              }
            : { kind: 'info', text: 'The register has not changed' },
        );
        return reply.code(303).redirect(paths.activity.show(id));
      });
    },
  );
}
