import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { getActivity } from './get-activity.ts';
import { activityFor } from './load-activity.ts';
import { participantReasons, schoolReasons } from './outcome-rules.ts';
import { canOpenActivities } from './policy.ts';
import { recordOutcomes } from './record-outcomes.ts';
import { outcomeReasons, participationStatuses } from './schema.ts';

/**
 * The outcome sent: checked by the same rules as the outcomes page (record-outcomes.ts), which answer
 * 422 with the problems; only its shape is checked here.
 */
const outcomeBody = z.object({
  outcome: z.string().max(20).optional().describe('completed, withdrawn or deferred (to next year)'),
  reason: z
    .string()
    .max(30)
    .nullable()
    .optional()
    .describe(
      `Why they withdrew (a withdrawal needs one). Participants: ${participantReasons.join(', ')}. Schools: ${schoolReasons.join(', ')}`,
    ),
  reasonText: z
    .string()
    .max(500)
    .nullable()
    .optional()
    .describe('The reason in words, needed when the reason is "other"'),
});

const recordedOutcome = z.object({
  status: z.enum(participationStatuses),
  reason: z.enum(outcomeReasons).nullable(),
  reasonText: z.string().nullable(),
  changed: z.boolean().describe('False when the outcome was already recorded as sent'),
});

const schoolParams = z.object({ id: idParam, urn: idParam });
const participantParams = z.object({ id: idParam, enrolmentId: idParam });

const need = (outcome: string | undefined) => {
  if (!outcome)
    throw new ValidationError([
      { field: 'outcome', message: 'Send the outcome: completed, withdrawn or deferred' },
    ]);
  return outcome;
};

/** Recording a school's or a participant's outcome through the API: the same use case and rules as the page. */
export function registerOutcomeApiRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const common = {
    tags: ['Activities'],
    security: [{ apiToken: [] }],
    body: outcomeBody,
    response: { 200: recordedOutcome },
  };

  typed.post(
    paths.api.schoolOutcome(),
    {
      config: { access: canOpenActivities },
      schema: {
        ...common,
        summary:
          'Record a school’s outcome in an activity (its lead or the hub’s leadership): completed, withdrawn with a reason, or deferred to next year',
        params: schoolParams,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id, urn } = request.params;
      await activityFor(db, principal, id, 'register');
      const body = request.body;
      const { changed } = await recordOutcomes(db, actorOf(principal), {
        activityId: id,
        schools: [{ urn, outcome: need(body.outcome), reason: body.reason, reasonText: body.reasonText }],
        participants: [],
      });
      const school = (await getActivity(db, principal, id, 'register')).schools.find((s) => s.urn === urn);
      if (!school) throw new NotFoundError('That school does not take part in this activity');
      return {
        status: school.status as 'completed',
        reason: school.reason as 'other' | null,
        reasonText: school.reasonText,
        changed: changed > 0,
      };
    },
  );

  typed.post(
    paths.api.participantOutcome(),
    {
      config: { access: canOpenActivities },
      schema: {
        ...common,
        summary:
          'Record a participant’s outcome in an activity (its lead or the hub’s leadership): completed, withdrawn with a reason, or deferred to next year',
        params: participantParams,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id, enrolmentId } = request.params;
      await activityFor(db, principal, id, 'register');
      const body = request.body;
      const { changed } = await recordOutcomes(db, actorOf(principal), {
        activityId: id,
        schools: [],
        participants: [
          { enrolmentId, outcome: need(body.outcome), reason: body.reason, reasonText: body.reasonText },
        ],
      });
      const p = (await getActivity(db, principal, id, 'register')).participants.find(
        (x) => x.enrolmentId === enrolmentId,
      );
      if (!p) throw new NotFoundError('That participant does not take part in this activity');
      return {
        status: p.status as 'completed',
        reason: p.reason as 'other' | null,
        reasonText: p.reasonText,
        changed: changed > 0,
      };
    },
  );
}
