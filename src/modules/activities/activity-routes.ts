import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { type Actor, actorOf } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import { postedValues, StaleEditError, versionFrom } from '../../platform/edit-versions.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { type Flash, requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { activitySpaceOpen } from '../communities/spaces.ts';
import { pickedUrn, withChosenUrn } from '../schools/school-picker.ts';
import { choosingHubName, chosenSchool } from '../schools/search-schools.ts';
import { addActivityLead } from './add-activity-lead.ts';
import { addActivitySchool } from './add-activity-school.ts';
import { addSession } from './add-session.ts';
import { addLeadForm, participantForm, readEditForm, readSessionForm, schoolForm } from './forms.ts';
import { getActivity } from './get-activity.ts';
import { leadChoices } from './lead-choices.ts';
import { activityFor } from './load-activity.ts';
import { canManageActivity, canOpenActivities, canPlanActivities, canTakeRegister } from './policy.ts';
import { activityParams } from './route-params.ts';
import { updateActivity } from './update-activity.ts';
import { activityView, editActivityView } from './view-models.ts';
import { withdrawActivitySchool } from './withdraw-activity-school.ts';
import { withdrawParticipant } from './withdraw-participant.ts';

/** A form about an activity: where it is, how its input is read, and the change it makes. */
interface ActivityForm<S extends z.ZodType = z.ZodType<Record<string, unknown>>> {
  url: string;
  /** The form's place on the page, where refused input goes back to (given what was posted). */
  formUrl: (id: number, body: Record<string, unknown>) => string;
  schema?: S;
  /** The field a conflict (the activity is no longer open…) is reported on. */
  conflictField?: string;
  /** Makes the change; returns the message to show on the activity's page afterwards. */
  change: (actor: Actor, id: number, input: z.output<S>, principal: Principal) => Promise<Flash>;
  /** The page to show when the form was made from an older version of the activity (StaleEditError). */
  stale?: (
    reply: FastifyReply,
    principal: Principal,
    id: number,
    body: Record<string, unknown>,
  ) => Promise<FastifyReply>;
}

/**
 * Registers a form about an activity, posted by someone who may manage it: the activity is authorised
 * before the form is read (another hub's activity is not found), then `handleForm` reads it (wrong input
 * goes back to the form with its errors) and the change is made as the person.
 */
function activityForm<S extends z.ZodType = z.ZodType<Record<string, unknown>>>(
  app: FastifyInstance,
  db: Executor,
  form: ActivityForm<S>,
) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(
      form.url,
      { config: { access: canPlanActivities }, schema: { params: activityParams } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { id } = request.params;
        await activityFor(db, principal, id, 'manage');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const options = { formUrl: form.formUrl(id, body), body, conflictField: form.conflictField };
        try {
          return await handleForm(reply, options, async (input) => {
            // Wrong input (a ZodError) goes back to the form, as a schema given to handleForm would.
            const read = (form.schema ? form.schema.parse(input) : input) as z.output<S>;
            reply.flash(await form.change(actorOf(principal), id, read, principal));
            return reply.code(303).redirect(paths.activity.show(id));
          });
        } catch (error) {
          if (form.stale && error instanceof StaleEditError) return form.stale(reply, principal, id, body);
          throw error;
        }
      },
    );
}

/** An activity's page, changing it, and its leads, schools, participants and sessions. */
export function registerActivityPageRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.activity.show(),
    { config: { access: canOpenActivities }, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const details = await getActivity(db, principal, request.params.id);
      const record = { hubId: details.activity.hubId, leadPersonIds: details.leadPersonIds };
      const manage = canManageActivity(principal, record);
      const choices = manage
        ? await leadChoices(db, {
            hubId: details.activity.hubId,
            ncpRules: details.ncp.rules,
            leadPersonIds: details.leadPersonIds,
          })
        : null;
      // A school chosen on the school search page comes back as `?urn=`: named, and warned of if it is
      // outside the hub's area.
      const urn = manage ? pickedUrn(request.query, 'urn') : undefined;
      const chosen = urn ? await chosenSchool(db, { urn, hubId: details.activity.hubId }) : null;
      return reply.render('modules/activities/views/activity.njk', {
        ...activityView(details, { manage, takeRegister: canTakeRegister(principal, record) }, choices),
        chosen,
        chosenUrn: urn ?? null,
        hubName: chosen ? await choosingHubName(db, details.activity.hubId) : null,
        // Communities (issue 18): its lead opens the activity's space, then everyone leading it follows it.
        community: details.leadPersonIds.includes(principal.personId)
          ? {
              open: await activitySpaceOpen(db, { activityId: details.activity.id }),
              href: paths.communities.space(`activity-${details.activity.id}`),
            }
          : null,
      });
    },
  );

  /** The edit page: the activity's values, or (after a stale save, status 409) the person's input and both versions. */
  const editPage = async (
    reply: FastifyReply,
    principal: Principal,
    id: number,
    stale?: { yours: Record<string, string> },
  ) => {
    const loaded = await activityFor(db, principal, id, 'manage');
    return reply
      .code(stale ? 409 : 200)
      .render('modules/activities/views/edit-activity.njk', editActivityView(loaded, stale));
  };

  typed.get(
    paths.activity.edit(),
    { config: { access: canPlanActivities }, schema: { params: activityParams } },
    async (request, reply) => editPage(reply, requirePrincipal(request), request.params.id),
  );

  activityForm(app, db, {
    url: paths.activity.edit(),
    formUrl: (id) => paths.activity.edit(id),
    change: async (actor, id, input: Record<string, unknown>) => {
      const version = versionFrom(input);
      const form = readEditForm(input);
      const { changed } = await updateActivity(db, actor, { activityId: id, ...form, version });
      return changed
        ? { kind: 'success', text: `${form.title} has been updated` }
        : { kind: 'info', text: 'You did not change anything' };
    },
    stale: (reply, principal, id, body) => editPage(reply, principal, id, { yours: postedValues(body) }),
  });

  activityForm(app, db, {
    url: paths.activity.leads(),
    formUrl: (id) => `${paths.activity.show(id)}#leads`,
    schema: addLeadForm,
    conflictField: 'personId',
    change: async (actor, id, input) => {
      const lead = { activityId: id, personId: input.personId, title: input.leadTitle };
      const { name } = await addActivityLead(db, actor, lead);
      return { kind: 'success', text: `${name} now leads this activity` };
    },
  });

  activityForm(app, db, {
    url: paths.activity.schools(),
    // Back with the school chosen, so its name and any "outside the hub's area" warning show again.
    formUrl: (id, body) =>
      `${body.action === 'withdraw' ? paths.activity.show(id) : withChosenUrn(paths.activity.show(id), body, 'urn')}#schools`,
    schema: schoolForm,
    conflictField: 'urn',
    change: async (actor, id, input, principal) => {
      const withdraw = input.action === 'withdraw';
      const school = { activityId: id, urn: input.urn };
      const result = withdraw
        ? await withdrawActivitySchool(db, actor, school)
        : await addActivitySchool(db, actor, {
            ...school,
            justification: input.justification,
            outOfAreaReason: input.outOfAreaReason,
            by: principal,
          });
      const done = `${result.schoolName} has been ${withdraw ? 'withdrawn' : 'added'}`;
      return result.warning
        ? { kind: 'info', text: `${done}. ${result.warning}` }
        : { kind: 'success', text: done };
    },
  });

  activityForm(app, db, {
    url: paths.activity.participants(),
    formUrl: (id) => `${paths.activity.show(id)}#participants`,
    schema: participantForm,
    conflictField: 'enrolmentId',
    change: async (actor, id, input) => {
      const { name } = await withdrawParticipant(db, actor, {
        activityId: id,
        enrolmentId: input.enrolmentId,
      });
      return { kind: 'success', text: `${name} has been withdrawn from this activity` };
    },
  });

  activityForm(app, db, {
    url: paths.activity.sessions(),
    formUrl: (id) => `${paths.activity.show(id)}#sessions`,
    conflictField: 'sessionKind',
    change: async (actor, id, input: Record<string, unknown>) => {
      const session = readSessionForm(input);
      await addSession(db, actor, { activityId: id, ...session });
      return { kind: 'success', text: `${session.title} on ${formatDate(session.date)} has been added` };
    },
  });
}
