import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { exportFormats, sendTable } from '../../platform/exports.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubScopeOf } from '../../platform/hub-scope.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import type { participationStatuses } from '../activities/participation.ts';
import { schoolUrnOf } from '../people/get-person.ts';
import { peopleScope } from '../people/policy.ts';
import { pickedUrn, withChosenUrn } from '../schools/school-picker.ts';
import { choosingHubName, chosenSchool } from '../schools/search-schools.ts';
import { registerRegistrationApiRoutes } from './api-routes.ts';
import { commitmentOf } from './commitment.ts';
import { type DuplicatePair, findDuplicates } from './find-duplicates.ts';
import { enrolmentParams, idParams, listQuery, mergeForm, participantForm, schoolForm } from './forms.ts';
import { getProgramme } from './get-programme.ts';
import { registerInterestApiRoutes } from './interest-api-routes.ts';
import { registerInterestRoutes } from './interest-routes.ts';
import { listProgrammes, type ProgrammeSummary } from './list-programmes.ts';
import { isOpenForRegistration, loadActivity } from './load-activity.ts';
import { mergePeople } from './merge-people.ts';
import { previewMerge } from './merge-scope.ts';
import {
  canMergeAny,
  canRegisterSchool,
  canSeeOwnProgrammes,
  canUseSignUp,
  canViewDuplicates,
  contactSchoolsOf,
  signUpMode,
} from './policy.ts';
import { registeredOrInvitedText, registerParticipant } from './register-participant.ts';
import { registerSchool } from './register-school.ts';
import { isEctProgramme, yearGroups } from './rules.ts';

const PAGE_SIZE = 25;
// The address's values are validated by each route's schema before its handler (platform/params.ts).
const signUpRoute = { config: { access: canUseSignUp }, schema: { params: idParams } };
const programmesRoute = { config: { access: canSeeOwnProgrammes }, schema: { querystring: listQuery } };
const programmeRoute = { config: { access: 'signed-in' as const }, schema: { params: enrolmentParams } };
const duplicatesRoute = { config: { access: canViewDuplicates }, schema: { querystring: listQuery } };
const participantFields = [
  'givenName',
  'familyName',
  'email',
  'schoolUrn',
  'roleInSchool',
  'mentorName',
  'mentorEmail',
  'who',
  'justification',
  'outOfAreaReason',
] as const;
const schoolFields = [
  'commitmentSchoolUrn',
  'commitmentStatement',
  'schoolJustification',
  'schoolOutOfAreaReason',
] as const;
const statusNames: Record<(typeof participationStatuses)[number], string> = {
  registered: 'Registered',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
  deferred: 'Deferred to next year',
};
/** Academic years in addresses are `2023-24`, in text `2023/24`. */
const yearText = (code: string) => code.replace('-', '/');

/** Registering schools and participants, their programmes and pathways, duplicate people and merging. */
export function registerRegistrationRoutes(app: FastifyInstance, services: Services): void {
  const { db, mailer, config } = services;
  registerRegistrationApiRoutes(app, services);
  registerInterestRoutes(app, services);
  registerInterestApiRoutes(app, services);
  app.get(paths.activity.signUp(), signUpRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = idParams.parse(request.params);
    const { activity, ncp, hub } = await loadActivity(db, id);
    const mode = signUpMode(principal, hub.id);
    if (!mode) throw new ForbiddenError('You can register people only on your own hub’s activities');
    const contactSchools = contactSchoolsOf(principal);
    const ownSchool = (await schoolUrnOf(db, principal.personId)) ?? contactSchools[0] ?? null;
    const commitment = await commitmentOf(db, { activityId: activity.id });
    // The school picker: the school search page comes back with the URN in the form's field.
    const pickedSchool = pickedUrn(request.query, 'schoolUrn');
    const pickedCommitmentSchool = pickedUrn(request.query, 'commitmentSchoolUrn');
    const schoolUrn = pickedSchool ?? (mode === 'self' ? ownSchool : null);
    const commitmentSchoolUrn =
      pickedCommitmentSchool ?? (mode === 'self' ? (contactSchools[0] ?? null) : null);
    return reply.render('modules/registration/views/sign-up.njk', {
      pageTitle: `Register for ${activity.title}`,
      activity,
      ncp,
      hub,
      mode,
      isEct: isEctProgramme(ncp),
      open: isOpenForRegistration(activity.status),
      commitment,
      yearGroupItems: yearGroups,
      defaultSchoolUrn: schoolUrn,
      // Hub leadership are warned of a school outside their hub's area (and give a reason for it).
      chosenSchool: schoolUrn
        ? await chosenSchool(db, { urn: schoolUrn, hubId: mode === 'others' ? hub.id : null })
        : null,
      hubName: mode === 'others' ? await choosingHubName(db, hub.id) : null,
      defaultCommitmentSchoolUrn: commitmentSchoolUrn,
      chosenCommitmentSchool: commitmentSchoolUrn
        ? await chosenSchool(db, { urn: commitmentSchoolUrn, hubId: mode === 'others' ? hub.id : null })
        : null,
      canRegisterSchools: mode === 'others' || contactSchools.length > 0,
      // A school contact registers themself or a teacher of their school (issue 13).
      canRegisterTeachers: mode === 'self' && contactSchools.length > 0,
      // The teacher's choice when the school search page came back with one of the contact's schools,
      // or when the school's page or the offer page asked for it (`?who=teacher`).
      defaultWho:
        mode === 'self' &&
        ((pickedSchool && contactSchools.includes(pickedSchool)) ||
          (request.query as Record<string, unknown> | null)?.who === 'teacher')
          ? 'teacher'
          : 'self',
      contactSchools,
      registerInterestHref: withQuery(paths.registerInterest, { activity: activity.id }),
    });
  });

  app.post(paths.activity.signUp(), signUpRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = idParams.parse(request.params);
    const { hub } = await loadActivity(db, id);
    const mode = signUpMode(principal, hub.id);
    if (!mode) throw new ForbiddenError('You can register people only on your own hub’s activities');
    const back = paths.activity.signUp(id);
    const body = (request.body ?? {}) as Record<string, unknown>;

    if (body.form === 'school') {
      const options = {
        formUrl: `${withChosenUrn(back, body, 'commitmentSchoolUrn')}#school`,
        body,
        keep: schoolFields,
        schema: schoolForm,
        errorFields: {
          schoolUrn: 'commitmentSchoolUrn',
          justification: 'schoolJustification',
          outOfAreaReason: 'schoolOutOfAreaReason',
        },
      };
      return handleForm(reply, options, async (form) => {
        const { commitmentSchoolUrn: schoolUrn, commitmentStatement } = form;
        if (!canRegisterSchool(principal, hub.id, schoolUrn)) {
          if (mode === 'others' || contactSchoolsOf(principal).length === 0) {
            throw new ForbiddenError('Only the school’s contact or the hub can register a school');
          }
          throw new ValidationError([
            {
              field: 'commitmentSchoolUrn',
              message: 'You can register only a school you are the contact for',
            },
          ]);
        }
        await registerSchool(db, actorOf(principal), {
          activityId: id,
          schoolUrn,
          commitmentStatement,
          // Hub leadership may admit anyway a school that does not meet the rules, with their reason.
          justification: mode === 'others' ? form.schoolJustification : null,
          outOfAreaReason: mode === 'others' ? form.schoolOutOfAreaReason : null,
          by: principal,
        });
        const text = `The school (URN ${schoolUrn}) is registered and its statement of commitment recorded`;
        return reply.flash({ kind: 'success', text }).code(303).redirect(back);
      });
    }

    const options = {
      formUrl: withChosenUrn(back, body, 'schoolUrn'),
      body,
      keep: participantFields,
      lists: ['yearGroups'],
      schema: participantForm,
    };
    const contactSchools = contactSchoolsOf(principal);
    return handleForm(reply, options, async (form) => {
      // Who is registered: hub leadership register anyone; a school contact themself or a teacher of
      // their school; anyone else themself.
      const who = mode === 'others' ? 'other' : form.who;
      if (who === 'teacher' && contactSchools.length === 0) {
        throw new ForbiddenError('Only a school’s contact can register a teacher of their school');
      }
      const problems: { field: string; message: string }[] = [];
      if (who !== 'self' && !form.email) {
        problems.push({
          field: 'email',
          message: who === 'teacher' ? 'Enter the teacher’s email address' : 'Enter their email address',
        });
      }
      if (who === 'teacher' && !contactSchools.includes(form.schoolUrn)) {
        problems.push({
          field: 'schoolUrn',
          message: 'You can register teachers only of a school you are the contact for',
        });
      }
      if (problems.length) throw new ValidationError(problems);
      const result = await registerParticipant(
        db,
        actorOf(principal),
        {
          activityId: id,
          person:
            who === 'self'
              ? { personId: principal.personId }
              : { email: form.email!, givenName: form.givenName, familyName: form.familyName },
          schoolContactOf: who === 'teacher' ? contactSchools : undefined,
          by: principal,
          justification: mode === 'others' ? form.justification : null,
          outOfAreaReason: mode === 'others' ? form.outOfAreaReason : null,
          schoolUrn: form.schoolUrn,
          roleInSchool: form.roleInSchool,
          yearGroups: form.yearGroups,
          mentorName: form.mentorName,
          mentorEmail: form.mentorEmail,
          // Hub leadership registering someone by email: only people their hub may see.
          scope: peopleScope(principal),
        },
        { mailer, publicUrl: config.PUBLIC_URL },
      );
      if (result.invited || (who !== 'self' && result.personCreated)) {
        // The same words whether the email was new or someone's elsewhere (invited, not registered).
        return reply
          .flash({ kind: 'success', text: registeredOrInvitedText(form.email!) })
          .code(303)
          .redirect(back);
      }
      const both = result.nextEnrolmentId ? ' for both phases' : '';
      if (who === 'self') {
        return reply
          .flash({
            kind: 'success',
            text: `You are registered${both}. We have emailed you your commitment and pathway.`,
          })
          .code(303)
          .redirect(paths.my.programme(result.enrolmentId));
      }
      const name = form.givenName && form.familyName ? `${form.givenName} ${form.familyName}` : form.email!;
      const mentor = form.mentorEmail ? ', and their mentor,' : '';
      return reply
        .flash({
          kind: 'success',
          text: `${name} is registered${both}. We have emailed them${mentor} their commitment and pathway.`,
        })
        .code(303)
        .redirect(back);
    });
  });

  app.get(paths.my.programmes, programmesRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { format } = listQuery.parse(request.query ?? {});
    const programmes = await listProgrammes(db, principal.personId);
    if (format !== 'html') {
      return sendTable<ProgrammeSummary>(reply, format, 'my-programmes', {
        name: 'My programmes',
        columns: [
          { header: 'Academic year', value: (r) => r.yearCode },
          { header: 'Activity', value: (r) => r.activityTitle },
          { header: 'NCP code', value: (r) => r.ncpCode },
          { header: 'NCP', value: (r) => r.ncpTitle },
          { header: 'Maths Hub', value: (r) => r.hubName },
          { header: 'School', value: (r) => r.schoolName },
          { header: 'Status', value: (r) => statusNames[r.status as keyof typeof statusNames] ?? r.status },
          { header: 'Sessions attended', value: (r) => r.present },
          { header: 'Sessions', value: (r) => r.sessions },
        ],
        rows: programmes,
      });
    }
    return reply.render('modules/registration/views/my-programmes.njk', {
      pageTitle: 'My programmes',
      programmes,
      statusNames,
      downloads: exportFormats.map((f) => ({
        format: f,
        href: withQuery(paths.my.programmes, { format: f }),
      })),
    });
  });

  app.get(paths.my.programme(), programmeRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { enrolmentId } = enrolmentParams.parse(request.params);
    const programme = await getProgramme(db, principal, enrolmentId);
    return reply.render('modules/registration/views/my-programme.njk', {
      pageTitle: programme.activity.title,
      ...programme,
      statusNames,
      yearText,
    });
  });

  app.get(paths.duplicates, duplicatesRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { page, format } = listQuery.parse(request.query ?? {});
    const scope = hubScopeOf(principal);
    if (format !== 'html') {
      const all = await findDuplicates(db, scope, { page: 1, pageSize: null });
      return sendTable<DuplicatePair>(reply, format, 'duplicate-people', {
        name: 'Duplicate people',
        columns: [
          { header: 'Why', value: (p) => reasonText(p) },
          { header: 'Person A id', value: (p) => p.a.id },
          { header: 'Person A name', value: (p) => p.a.name },
          { header: 'Person A email', value: (p) => p.a.email },
          { header: 'Person A enrolments', value: (p) => p.a.enrolments },
          { header: 'Person B id', value: (p) => p.b.id },
          { header: 'Person B name', value: (p) => p.b.name },
          { header: 'Person B email', value: (p) => p.b.email },
          { header: 'Person B enrolments', value: (p) => p.b.enrolments },
        ],
        rows: all.pairs,
      });
    }
    const found = await findDuplicates(db, scope, { page, pageSize: PAGE_SIZE });
    const lastPage = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    return reply.render('modules/registration/views/duplicates.njk', {
      pageTitle: 'Duplicate people',
      ...found,
      pairs: found.pairs.map((p) => ({ ...p, why: reasonText(p) })),
      scope,
      canMerge: canMergeAny(principal),
      pagination: pagination(page, lastPage, (n) => withQuery(paths.duplicates, { page: n })),
      downloads: exportFormats.map((f) => ({ format: f, href: withQuery(paths.duplicates, { format: f }) })),
    });
  });

  // A merge shows what will move and asks first: the duplicates page links here, this page posts.
  app.get(paths.mergePeople, { config: { access: canMergeAny } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const parsed = mergeForm.safeParse(request.query ?? {});
    // Without two records to compare, back to the list to choose them.
    if (!parsed.success) return reply.code(303).redirect(paths.duplicates);
    const preview = await previewMerge(db, principal, parsed.data);
    return reply.render('modules/registration/views/merge.njk', {
      pageTitle: `Merge record ${preview.merge.id} into record ${preview.keep.id}`,
      ...preview,
    });
  });

  app.post(paths.mergePeople, { config: { access: canMergeAny } }, async (request, reply: FastifyReply) => {
    const principal = requirePrincipal(request);
    return handleForm(
      reply,
      { formUrl: paths.duplicates, body: request.body, keep: [], schema: mergeForm },
      async ({ keepPersonId, mergePersonId, confirm }) => {
        // Not through the confirmation page: show it first.
        if (confirm !== 'yes') {
          return reply.code(303).redirect(withQuery(paths.mergePeople, { keepPersonId, mergePersonId }));
        }
        const summary = await mergePeople(db, actorOf(principal), { keepPersonId, mergePersonId }, principal);
        const moved = summary.enrolmentsMoved.length + summary.enrolmentsCombined.length;
        const places = summary.eventPlacesMoved.length + summary.eventPlacesCombined.length;
        return reply
          .flash({
            kind: 'success',
            text: `The records have been merged: ${moved} ${moved === 1 ? 'enrolment' : 'enrolments'} and all attendance kept${places ? `, ${places} ${places === 1 ? 'event place' : 'event places'}` : ''}`,
          })
          .code(303)
          .redirect(paths.duplicates);
      },
    );
  });
}

function reasonText(pair: DuplicatePair): string {
  return pair.reasons
    .map((r) =>
      r === 'email' ? 'Same email address' : `Same name at ${pair.schoolName ?? 'the same school'}`,
    )
    .join('; ');
}
