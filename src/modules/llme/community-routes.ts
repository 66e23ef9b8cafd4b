import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { canSeeHub } from '../../platform/hub-scope.ts';
import { withQuery } from '../../platform/pagination.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { isHubLeadershipOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { yearFromParam, yearParam } from '../activities/forms.ts';
import { canPlanActivities, canViewHubActivities } from '../activities/policy.ts';
import { hubYearQuery } from '../activities/route-params.ts';
import { yearItems } from '../activities/view-models.ts';
import { chooseHub, hubChoiceItems, hubSlugToKeep } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { accreditationKindNames } from '../people/roles.ts';
import {
  addCommunityLead,
  COMMUNITY_LEADS,
  communityMeeting,
  communityMembers,
  communityOverview,
  MEETINGS_A_YEAR,
  recordCommunityMeeting,
  removeCommunityLead,
  takeCommunityRegister,
} from './community.ts';
import { addLeadForm, meetingForm, registerForm, removeLeadForm } from './community-form.ts';
import { communityRoster } from './community-roster.ts';

const leadParams = z.object({ leadId: idParam });
const meetingParams = z.object({ meetingId: idParam });

/** Whether `p` may change this hub's LLME community: its leadership and national administrators. */
const canChangeCommunity = (p: Principal | null, hubId: number) =>
  isNationalAdmin(p) || isHubLeadershipOf(p, hubId);

/**
 * A hub's LLME community (issue 16): its three LLME Community Leads, its meetings with their registers, and
 * its roster (active LLMEs against the ambition of 50, what each leads, accreditations, who could lead what next).
 */
export function registerCommunityRoutes(app: FastifyInstance, { db }: Services): void {
  const communityUrl = (
    principal: Principal,
    choice: Awaited<ReturnType<typeof chooseHub>>,
    yearCode: string,
  ) =>
    withQuery(paths.llme.community, {
      hub: hubSlugToKeep(principal, choice) || undefined,
      year: yearParam(yearCode),
    });

  /** The hub a form names (its `hub` slug, or the person's own), which they must be able to change. */
  const hubToChange = async (principal: Principal, slug: string | undefined) => {
    const choice = await chooseHub(db, principal, slug || undefined);
    if (!choice.hub || !canChangeCommunity(principal, choice.hub.id))
      throw new NotFoundError('There is no such Maths Hub');
    return { choice, hub: choice.hub };
  };

  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.llme.community,
      { config: { access: canViewHubActivities }, schema: { querystring: hubYearQuery } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const choice = await chooseHub(db, principal, request.query.hub);
        const yearCode = yearFromParam(request.query.year) ?? currentAcademicYear();
        const hub = choice.hub;
        const [overview, roster, members] = hub
          ? await Promise.all([
              communityOverview(db, { hubId: hub.id, yearCode }),
              communityRoster(db, { hubId: hub.id, yearCode }),
              communityMembers(db, hub.id),
            ])
          : [null, null, []];
        return reply.render('modules/llme/views/community.njk', {
          pageTitle: hub ? `The LLME community of ${hub.name}` : 'LLME community',
          choice,
          hubItems: hubChoiceItems(choice),
          hubSlug: hubSlugToKeep(principal, choice),
          yearCode,
          yearParam: yearParam(yearCode),
          years: yearItems(await yearOptions(db)),
          overview,
          roster,
          canChange: hub ? canChangeCommunity(principal, hub.id) : false,
          leadOptions: members
            .filter((m) => !overview?.leads.some((l) => l.personId === m.personId))
            .map((m) => ({ value: String(m.personId), text: `${m.givenName} ${m.familyName}` })),
          accreditationNames: accreditationKindNames,
          communityLeads: COMMUNITY_LEADS,
          // Communities (issue 18): the community's discussion space, for its members (the hub's leadership are).
          spaceHref:
            hub && isHubLeadershipOf(principal, hub.id) ? paths.communities.space(`hub-${hub.id}`) : null,
          meetingsAYear: MEETINGS_A_YEAR,
        });
      },
    );

  app.post(paths.llme.communityLeads, { config: { access: canPlanActivities } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { choice, hub } = await hubToChange(principal, typeof body.hub === 'string' ? body.hub : undefined);
    const yearCode =
      yearFromParam(typeof body.year === 'string' ? body.year : undefined) ?? currentAcademicYear();
    const back = communityUrl(principal, choice, yearCode);
    return handleForm(
      reply,
      { formUrl: `${back}#leads`, body: request.body, schema: addLeadForm, conflictField: 'personId' },
      async (input) => {
        await addCommunityLead(db, actorOf(principal), { hubId: hub.id, yearCode, personId: input.personId });
        return reply
          .flash({ kind: 'success', text: 'The LLME Community Lead has been added' })
          .code(303)
          .redirect(back);
      },
    );
  });

  app.post(
    paths.llme.removeCommunityLead(),
    { config: { access: canPlanActivities }, schema: { params: leadParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { leadId } = leadParams.parse(request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { choice, hub } = await hubToChange(
        principal,
        typeof body.hub === 'string' ? body.hub : undefined,
      );
      const yearCode =
        yearFromParam(typeof body.year === 'string' ? body.year : undefined) ?? currentAcademicYear();
      const back = communityUrl(principal, choice, yearCode);
      return handleForm(
        reply,
        { formUrl: `${back}#leads`, body: request.body, schema: removeLeadForm },
        async () => {
          await removeCommunityLead(db, actorOf(principal), { hubId: hub.id, leadId });
          return reply
            .flash({ kind: 'success', text: 'The LLME Community Lead has been removed' })
            .code(303)
            .redirect(back);
        },
      );
    },
  );

  app.post(
    paths.llme.communityMeetings,
    { config: { access: canPlanActivities } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { choice, hub } = await hubToChange(
        principal,
        typeof body.hub === 'string' ? body.hub : undefined,
      );
      const back = communityUrl(principal, choice, currentAcademicYear());
      return handleForm(
        reply,
        { formUrl: `${back}#meetings`, body: request.body, schema: meetingForm },
        async (input) => {
          const { meetingId } = await recordCommunityMeeting(db, actorOf(principal), {
            hubId: hub.id,
            heldOn: input.heldOn,
            title: input.title,
          });
          return reply
            .flash({ kind: 'success', text: 'The meeting has been recorded: now take its register' })
            .code(303)
            .redirect(paths.llme.communityMeeting(meetingId));
        },
      );
    },
  );

  const visibleMeeting = async (principal: Principal, meetingId: number) => {
    const found = await communityMeeting(db, meetingId);
    if (!canSeeHub(principal, found.meeting.hubId)) throw new NotFoundError('There is no such meeting');
    return found;
  };

  app.get(
    paths.llme.communityMeeting(),
    { config: { access: canViewHubActivities }, schema: { params: meetingParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { meetingId } = meetingParams.parse(request.params);
      const { meeting, register } = await visibleMeeting(principal, meetingId);
      return reply.render('modules/llme/views/community-meeting.njk', {
        pageTitle: `Register: ${meeting.title}`,
        meeting,
        register,
        canChange: canChangeCommunity(principal, meeting.hubId),
        backHref: withQuery(paths.llme.community, { year: yearParam(meeting.yearCode) }),
      });
    },
  );

  app.post(
    paths.llme.communityMeeting(),
    { config: { access: canPlanActivities }, schema: { params: meetingParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { meetingId } = meetingParams.parse(request.params);
      const { meeting } = await visibleMeeting(principal, meetingId);
      if (!canChangeCommunity(principal, meeting.hubId)) throw new NotFoundError('There is no such meeting');
      return handleForm(
        reply,
        {
          formUrl: paths.llme.communityMeeting(meetingId),
          body: request.body,
          schema: registerForm,
          lists: ['present'],
        },
        async (input) => {
          await takeCommunityRegister(db, actorOf(principal), { meetingId, presentPersonIds: input.present });
          return reply
            .flash({ kind: 'success', text: 'The register has been saved' })
            .code(303)
            .redirect(paths.llme.communityMeeting(meetingId));
        },
      );
    },
  );
}
