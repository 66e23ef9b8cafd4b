import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { type Flash, requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { closeActivity, closeChecks, readyToClose, reopenActivity } from './close-activity.ts';
import { getActivity } from './get-activity.ts';
import { activityFor } from './load-activity.ts';
import {
  outcomeNames,
  outcomeReasonNames,
  outcomes,
  participantFields,
  participantReasons,
  schoolFields,
  schoolReasons,
} from './outcome-rules.ts';
import { canOpenActivities, canPlanActivities } from './policy.ts';
import { recordOutcomes } from './record-outcomes.ts';
import { reinstate } from './reinstate.ts';
import { activityEnrolmentParams, activityParams, activitySchoolParams } from './route-params.ts';

const confirmView = 'modules/activities/views/confirm-withdraw.njk';
const items = (reasons: readonly (keyof typeof outcomeReasonNames)[]) =>
  reasons.map((r) => ({ value: r, text: outcomeReasonNames[r] }));
const text = (value: unknown) => (typeof value === 'string' ? value : null);
const reinstated = (name: string, changed: boolean): Flash =>
  changed
    ? { kind: 'success', text: `${name} has been reinstated` }
    : { kind: 'info', text: `${name} already takes part in this activity` };
const lockedText: Record<string, string> = {
  cancelled: 'The activity is cancelled: its outcomes cannot be recorded.',
  completed: 'The activity is closed: hub leadership can reopen it to change its outcomes.',
};

/**
 * The end of an activity: recording its schools' and participants' outcomes (its leads and the hub's
 * leadership), reinstating a school or participant that withdrew or deferred (asks first), and the
 * year-end close, which lists what is missing, then asks, then closes (hub leadership, who may reopen).
 */
export function registerOutcomeRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.activity.outcomes(),
    { config: { access: canOpenActivities }, schema: { params: activityParams } },
    async (request, reply) => {
      const d = await getActivity(db, requirePrincipal(request), request.params.id, 'register');
      return reply.render('modules/activities/views/outcomes.njk', {
        pageTitle: `Record outcomes: ${d.activity.title}`,
        activity: d.activity,
        locked: lockedText[d.activity.status] ?? null,
        outcomeItems: outcomes.map((o) => ({ value: o, text: outcomeNames[o] })),
        schoolRows: d.schools.map((s) => ({
          name: s.name ?? `URN ${s.urn}`,
          hint: `URN ${s.urn}`,
          fields: schoolFields(s.urn),
          status: s.status,
          reason: s.reason,
          reasonText: s.reasonText,
          reasonItems: items(schoolReasons),
        })),
        participantRows: d.participants.map((p) => ({
          name: p.name,
          hint: [p.schoolName, `attended ${p.present} of ${p.marked} sessions marked`]
            .filter(Boolean)
            .join(', '),
          fields: participantFields(p.enrolmentId),
          status: p.status,
          reason: p.reason,
          reasonText: p.reasonText,
          reasonItems: items(participantReasons),
        })),
      });
    },
  );

  typed.post(
    paths.activity.outcomes(),
    { config: { access: canOpenActivities }, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      const formUrl = paths.activity.outcomes(id);
      return handleForm(reply, { formUrl, body: request.body }, async (input) => {
        // The rows are the activity's own (whoever may record them); a row the form did not send stays.
        const d = await getActivity(db, principal, id, 'register');
        const entry = (f: { outcome: string; reason: string; reasonText: string }) => ({
          outcome: text(input[f.outcome]),
          reason: text(input[f.reason]),
          reasonText: text(input[f.reasonText]),
        });
        const { changed } = await recordOutcomes(db, actorOf(principal), {
          activityId: id,
          schools: d.schools.map((s) => ({ urn: s.urn, ...entry(schoolFields(s.urn)) })),
          participants: d.participants.map((p) => ({
            enrolmentId: p.enrolmentId,
            ...entry(participantFields(p.enrolmentId)),
          })),
        });
        reply.flash(
          changed
            ? {
                kind: 'success',
                text: `${changed === 1 ? '1 outcome has' : `${changed} outcomes have`} been recorded`,
              }
            : { kind: 'info', text: 'No outcome has changed' },
        );
        return reply.code(303).redirect(paths.activity.show(id));
      });
    },
  );

  // Reinstating: a page that asks, then the change (posted to the same address).
  typed.get(
    paths.activity.reinstateSchool(),
    { config: { access: canOpenActivities }, schema: { params: activitySchoolParams } },
    async (request, reply) => {
      const { id, urn } = request.params;
      const d = await getActivity(db, requirePrincipal(request), id, 'register');
      const school = d.schools.find(
        (s) => s.urn === urn && (s.status === 'withdrawn' || s.status === 'deferred'),
      );
      if (!school) throw new NotFoundError('That school has not withdrawn or deferred from this activity');
      const name = school.name ?? `URN ${urn}`;
      return reply.render(confirmView, {
        pageTitle: `Reinstate ${name} in ${d.activity.title}`,
        activity: d.activity,
        action: paths.activity.reinstateSchool(id, urn),
        fields: {},
        warning: `${name} will be registered again and count as taking part in ${d.activity.title}; its recorded outcome (${outcomeNames[school.status as 'withdrawn'].toLowerCase()}) is cleared.`,
        details: [],
        undo: 'You can record its outcome again on the outcomes page.',
        button: 'Reinstate the school',
        testId: 'confirm-reinstate-school',
      });
    },
  );

  typed.post(
    paths.activity.reinstateSchool(),
    { config: { access: canOpenActivities }, schema: { params: activitySchoolParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, urn } = request.params;
      await activityFor(db, principal, id, 'register');
      const formUrl = paths.activity.reinstateSchool(id, urn);
      return handleForm(reply, { formUrl, body: request.body }, async () => {
        const { name, changed } = await reinstate(db, actorOf(principal), { activityId: id, urn });
        reply.flash(reinstated(name, changed));
        return reply.code(303).redirect(paths.activity.show(id));
      });
    },
  );

  typed.get(
    paths.activity.reinstateParticipant(),
    { config: { access: canOpenActivities }, schema: { params: activityEnrolmentParams } },
    async (request, reply) => {
      const { id, enrolmentId } = request.params;
      const d = await getActivity(db, requirePrincipal(request), id, 'register');
      const p = d.participants.find(
        (x) => x.enrolmentId === enrolmentId && (x.status === 'withdrawn' || x.status === 'deferred'),
      );
      if (!p) throw new NotFoundError('That participant has not withdrawn or deferred from this activity');
      return reply.render(confirmView, {
        pageTitle: `Reinstate ${p.name} in ${d.activity.title}`,
        activity: d.activity,
        action: paths.activity.reinstateParticipant(id, enrolmentId),
        fields: {},
        warning: `${p.name} will be registered again: back on the registers and counts of ${d.activity.title}; their recorded outcome (${outcomeNames[p.status as 'withdrawn'].toLowerCase()}) is cleared.`,
        details: [],
        undo: 'You can record their outcome again on the outcomes page.',
        button: 'Reinstate the participant',
        testId: 'confirm-reinstate-participant',
      });
    },
  );

  typed.post(
    paths.activity.reinstateParticipant(),
    { config: { access: canOpenActivities }, schema: { params: activityEnrolmentParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, enrolmentId } = request.params;
      await activityFor(db, principal, id, 'register');
      const formUrl = paths.activity.reinstateParticipant(id, enrolmentId);
      return handleForm(reply, { formUrl, body: request.body }, async () => {
        const { name, changed } = await reinstate(db, actorOf(principal), { activityId: id, enrolmentId });
        reply.flash(reinstated(name, changed));
        return reply.code(303).redirect(paths.activity.show(id));
      });
    },
  );

  // The year-end close: what is missing, or a confirmation; a closed activity offers reopening.
  typed.get(
    paths.activity.close(),
    { config: { access: canPlanActivities }, schema: { params: activityParams } },
    async (request, reply) => {
      const { id } = request.params;
      const loaded = await activityFor(db, requirePrincipal(request), id, 'manage');
      const checks = await closeChecks(db, id);
      const closed = loaded.activity.status === 'completed';
      return reply.render('modules/activities/views/close.njk', {
        pageTitle: closed ? `Reopen ${loaded.activity.title}` : `Close ${loaded.activity.title}`,
        activity: loaded.activity,
        checks,
        ready: readyToClose(checks),
      });
    },
  );

  for (const [url, change, done] of [
    [paths.activity.close(), closeActivity, 'has been closed'],
    [paths.activity.reopen(), reopenActivity, 'has been reopened'],
  ] as const) {
    typed.post(
      url,
      { config: { access: canPlanActivities }, schema: { params: activityParams } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { id } = request.params;
        await activityFor(db, principal, id, 'manage');
        return handleForm(reply, { formUrl: paths.activity.close(id), body: request.body }, async () => {
          const { title } = await change(db, actorOf(principal), { activityId: id });
          reply.flash({ kind: 'success', text: `${title} ${done}` });
          return reply.code(303).redirect(paths.activity.show(id));
        });
      },
    );
  }
}
