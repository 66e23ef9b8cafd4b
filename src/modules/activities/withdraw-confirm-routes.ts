import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { groupSizeWarning, parseRules } from '../catalogue/rules.ts';
import { getActivity } from './get-activity.ts';
import { canPlanActivities } from './policy.ts';
import { activityEnrolmentParams, activitySchoolParams } from './route-params.ts';

const view = 'modules/activities/views/confirm-withdraw.njk';

/**
 * The pages that ask before a school or a participant is withdrawn from an activity: they say what will
 * happen and how to undo it, and post to the activity's own forms (`paths.activity.schools` and
 * `paths.activity.participants`), which make the change. Looking never writes.
 */
export function registerWithdrawConfirmRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.activity.withdrawSchool(),
    { config: { access: canPlanActivities }, schema: { params: activitySchoolParams } },
    async (request, reply) => {
      const { id, urn } = request.params;
      const details = await getActivity(db, requirePrincipal(request), id, 'manage');
      const school = details.schools.find((s) => s.urn === urn && s.status !== 'withdrawn');
      if (!school) throw new NotFoundError('That school does not take part in this activity');
      const name = school.name ?? `URN ${urn}`;
      const title = details.activity.title;
      const participants = details.participants.filter(
        (p) => p.schoolUrn === urn && p.status !== 'withdrawn',
      ).length;
      return reply.render(view, {
        pageTitle: `Withdraw ${name} from ${title}`,
        activity: details.activity,
        action: paths.activity.schools(id),
        fields: { action: 'withdraw', urn: String(urn) },
        warning: `${name} will no longer count as taking part in ${title}; its history stays.`,
        details: [
          participants
            ? `Its ${participants === 1 ? 'participant stays' : `${participants} participants stay`} on the activity: withdraw them separately if they are leaving too.`
            : null,
          groupSizeWarning(parseRules(details.ncp.rules), details.activeSchoolCount - 1, 'schools'),
        ].filter(Boolean),
        undo: 'You can add the school again with its URN on the activity’s page.',
        button: 'Withdraw the school',
        testId: 'confirm-withdraw-school',
      });
    },
  );

  typed.get(
    paths.activity.withdrawParticipant(),
    { config: { access: canPlanActivities }, schema: { params: activityEnrolmentParams } },
    async (request, reply) => {
      const { id, enrolmentId } = request.params;
      const details = await getActivity(db, requirePrincipal(request), id, 'manage');
      const participant = details.participants.find(
        (p) => p.enrolmentId === enrolmentId && p.status !== 'withdrawn',
      );
      if (!participant) throw new NotFoundError('That participant does not take part in this activity');
      const title = details.activity.title;
      return reply.render(view, {
        pageTitle: `Withdraw ${participant.name} from ${title}`,
        activity: details.activity,
        action: paths.activity.participants(id),
        fields: { enrolmentId: String(enrolmentId) },
        warning: `${participant.name} will leave the registers and counts of ${title}; their enrolment and the attendance already marked stay.`,
        details: [],
        undo: `${participant.name} can register for the activity again.`,
        button: 'Withdraw the participant',
        testId: 'confirm-withdraw-participant',
      });
    },
  );
}
