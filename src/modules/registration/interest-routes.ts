import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { canSeeHub } from '../../platform/hub-scope.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearSlug } from '../journeys/journey-rules.ts';
import { schoolUrnOf } from '../people/get-person.ts';
import { urnQuery, withChosenUrn } from '../schools/school-picker.ts';
import { choosingHubName, chosenSchool } from '../schools/search-schools.ts';
import {
  directRegistrationForm,
  idParams,
  interestForm,
  interestListQuery,
  interestQuery,
  registerInterestsForm,
} from './forms.ts';
import { chooseInterestHub } from './interest-hubs.ts';
import { interestFilterItems, listInterests } from './list-interests.ts';
import { isOpenForRegistration, loadActivity } from './load-activity.ts';
import {
  canRegisterAnyInterests,
  canRegisterInterest,
  canRegisterInterests,
  canViewInterestList,
  contactSchoolsOf,
  interestScopeOf,
} from './policy.ts';
import { interestSubjectOf, registerInterest } from './register-interest.ts';
import { registerInterests } from './register-interests.ts';
import { isEctProgramme, yearGroups } from './rules.ts';
import { setDirectRegistration } from './set-direct-registration.ts';

const interestFields = ['schoolUrn', 'roleInSchool', 'mentorName', 'mentorEmail', 'note'] as const;
const statusNames = { open: 'Open', registered: 'Registered', declined: 'Declined' } as const;

/** The register-interest form's address for an activity, or for an NCP at a hub. */
const interestFormUrl = (q: { activity?: number | null; hub?: string | null; ncp?: number | null }) =>
  q.activity
    ? `${paths.registerInterest}?activity=${q.activity}`
    : `${paths.registerInterest}?hub=${encodeURIComponent(q.hub ?? '')}&ncp=${q.ncp ?? ''}`;

/** Registering interest in a hub's offer; the hub's list of interest, turned into registrations in bulk. */
export function registerInterestRoutes(app: FastifyInstance, { db, mailer, config }: Services): void {
  app.get(paths.registerInterest, { config: { access: canRegisterInterest } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const q = interestQuery.parse(request.query ?? {});
    // Without an activity or a project, the hubs' offers are where to choose one.
    if (!q.activity && !(q.hub && q.ncp)) return reply.code(303).redirect(paths.hubs);
    const { activity, ncp, hub } = await interestSubjectOf(db, {
      activityId: q.activity,
      hubSlug: q.hub,
      ncpId: q.ncp,
    });
    const ownSchool = (await schoolUrnOf(db, principal.personId)) ?? contactSchoolsOf(principal)[0] ?? null;
    // The school chosen on the school search page (`?schoolUrn=`), or typed before an error, else their own;
    // named, and whether it is in the hub's area.
    const urn = urnQuery.parse(request.query).schoolUrn ?? ownSchool ?? undefined;
    return reply.render('modules/registration/views/register-interest.njk', {
      pageTitle: `Register interest in ${activity?.title ?? ncp.title}`,
      activity,
      ncp,
      hub,
      open: activity ? isOpenForRegistration(activity.status) : true,
      isEct: isEctProgramme(ncp),
      yearGroupItems: yearGroups,
      defaultSchoolUrn: urn ?? null,
      chosen: urn ? await chosenSchool(db, { urn, hubId: hub.id }) : null,
      hubName: await choosingHubName(db, hub.id),
      formUrl: interestFormUrl(q),
      backHref: activity
        ? `${paths.hubOffer(hub.slug)}?year=${yearSlug(activity.yearCode)}`
        : paths.hubOffer(hub.slug),
    });
  });

  app.post(paths.registerInterest, { config: { access: canRegisterInterest } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const q = interestQuery.parse({ activity: body.activityId, hub: body.hubSlug, ncp: body.ncpId });
    // Back with the school typed or chosen, so it is named again.
    const formUrl = withChosenUrn(interestFormUrl(q), body);
    return handleForm(
      reply,
      { formUrl, body, keep: interestFields, lists: ['yearGroups'], schema: interestForm },
      async (form) => {
        const subject = await interestSubjectOf(db, { activityId: q.activity, hubSlug: q.hub, ncpId: q.ncp });
        await registerInterest(
          db,
          actorOf(principal),
          {
            personId: principal.personId,
            subject: subject.activity
              ? { activityId: subject.activity.id }
              : { hubId: subject.hub.id, ncpId: subject.ncp.id },
            schoolUrn: form.schoolUrn,
            roleInSchool: form.roleInSchool,
            yearGroups: form.yearGroups,
            mentorName: form.mentorName,
            mentorEmail: form.mentorEmail,
            note: form.note,
          },
          { mailer },
        );
        const back = subject.activity
          ? `${paths.hubOffer(subject.hub.slug)}?year=${yearSlug(subject.activity.yearCode)}`
          : paths.hubOffer(subject.hub.slug);
        return reply
          .flash({
            kind: 'success',
            text: `We have told ${subject.hub.name} of your interest in ${subject.activity?.title ?? subject.ncp.title} and emailed you a copy. The hub will register you or be in touch.`,
          })
          .code(303)
          .redirect(back);
      },
    );
  });

  app.get(paths.myHub.interest, { config: { access: canViewInterestList } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const q = interestListQuery.parse(request.query ?? {});
    // Hub staff see all of the hub's interest; its local authority partners that from their LAs' schools.
    const choice = await chooseInterestHub(db, principal, q.hub);
    const scope = choice.hub ? interestScopeOf(principal, choice.hub.id) : null;
    const all =
      choice.hub && scope && scope.kind !== 'none'
        ? await listInterests(db, {
            hubId: choice.hub.id,
            status: null,
            laCodes: scope.kind === 'las' ? scope.laCodes : null,
          })
        : [];
    const shown = all.filter(
      (r) =>
        (q.status === 'all' || r.status === q.status) &&
        (!q.activity || r.activityId === q.activity) &&
        (!q.ncp || r.ncpId === q.ncp),
    );
    const filters = interestFilterItems(all);
    const openActivities = choice.hub
      ? [...new Map(all.filter((r) => r.activityId).map((r) => [r.activityId!, r.activityTitle!])).entries()]
      : [];
    return reply.render('modules/registration/views/interests.njk', {
      pageTitle: 'Interest in your offer',
      choice,
      hubItems: [
        ...(choice.hub ? [] : [{ value: '', text: 'Choose a hub' }]),
        ...choice.options.map((h) => ({ value: h.slug, text: h.name })),
      ],
      query: q,
      rows: shown,
      statusNames,
      activityItems: [
        { value: '', text: 'All activities' },
        ...filters.activities.map(([id, title]) => ({ value: String(id), text: title })),
      ],
      ncpItems: [
        { value: '', text: 'All projects' },
        ...filters.ncps.map(([id, text]) => ({ value: String(id), text })),
      ],
      targetItems: [
        { value: '', text: 'Each person’s own activity' },
        ...openActivities.map(([id, title]) => ({ value: String(id), text: title })),
      ],
      canRegister: !!choice.hub && canRegisterInterests(principal, choice.hub.id),
      // The hub's staff open its activities; its local authority partners see them on the hub's offer.
      activityLinks: scope?.kind === 'all',
    });
  });

  app.post(
    paths.myHub.registerInterests,
    { config: { access: canRegisterAnyInterests } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(
        reply,
        { formUrl: paths.myHub.interest, body, keep: [], schema: registerInterestsForm },
        async ({ hubId, interestIds, activityId }) => {
          // Another hub's interest: not found (its existence is not disclosed).
          if (!canRegisterInterests(principal, hubId)) throw new NotFoundError('There is no such Maths Hub');
          const { enrolmentIds } = await registerInterests(
            db,
            actorOf(principal),
            { hubId, interestIds, activityId },
            { mailer, publicUrl: config.PUBLIC_URL },
          );
          const n = interestIds.length;
          return reply
            .flash({
              kind: 'success',
              text: `${n} ${n === 1 ? 'person is' : 'people are'} registered (${enrolmentIds.length} ${enrolmentIds.length === 1 ? 'registration' : 'registrations'}). We have emailed them their commitment and pathway.`,
            })
            .code(303)
            .redirect(paths.myHub.interest);
        },
      );
    },
  );

  app.post(
    paths.activity.directRegistration(),
    { config: { access: canRegisterAnyInterests }, schema: { params: idParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = idParams.parse(request.params);
      const { hub } = await loadActivity(db, id);
      if (!canSeeHub(principal, hub.id) || !canRegisterInterests(principal, hub.id)) {
        throw new NotFoundError('There is no such activity');
      }
      const back = paths.activity.show(id);
      return handleForm(
        reply,
        { formUrl: back, body: request.body, keep: [], schema: directRegistrationForm },
        async ({ open }) => {
          await setDirectRegistration(db, actorOf(principal), { activityId: id, open: open === 'yes' });
          return reply
            .flash({
              kind: 'success',
              text:
                open === 'yes'
                  ? 'People can now register for this activity from your hub’s offer page'
                  : 'People can now only register interest in this activity from your hub’s offer page',
            })
            .code(303)
            .redirect(back);
        },
      );
    },
  );
}
