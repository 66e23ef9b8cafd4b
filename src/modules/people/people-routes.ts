import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { fieldErrorsFrom, formState } from '../../platform/form-errors.ts';
import { handleForm, trimmedBody } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf, isNationalAdmin } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { canErasePeople } from '../privacy/policy.ts';
import { urnQuery, withChosenUrn } from '../schools/school-picker.ts';
import { choosingHubName, chosenSchool } from '../schools/search-schools.ts';
import { changePersonSchool } from './change-school.ts';
import { createPerson } from './create-person.ts';
import { endRole, findRoleToEnd } from './end-role.ts';
import {
  changeSchoolForm,
  createPersonForm,
  endRoleForm,
  grantRoleForm,
  peopleQuery,
  personParams,
  roleParams,
} from './forms.ts';
import { getPerson } from './get-person.ts';
import { grantRole } from './grant-role.ts';
import { listHubOptions } from './hub-options.ts';
import { listPeople } from './list-people.ts';
import {
  canCreatePerson,
  canManagePeople,
  canViewPeople,
  grantableHubIds,
  grantableRoles,
  peopleScope,
} from './policy.ts';
import { listAccreditations } from './record-accreditation.ts';
import { listHubLaOptions, listNcpKeyOptions } from './role-options.ts';
import { hubLeadershipTitles } from './role-rules.ts';
import { accreditationKindNames, accreditationKinds, roleNames, roles } from './schema.ts';

const PAGE_SIZE = 25;
const roleFormFields = [
  'role',
  'hubId',
  'schoolUrn',
  'ncpKey',
  'laCode',
  'title',
  'reason',
  'outOfAreaReason',
] as const;
// The address's values are validated by each route's schema before its handler (platform/params.ts).
const listRoute = { config: { access: canViewPeople }, schema: { querystring: peopleQuery } };
const viewPersonRoute = { config: { access: canViewPeople }, schema: { params: personParams } };
const personRoute = { config: { access: canManagePeople }, schema: { params: personParams } };
const roleRoute = { config: { access: canManagePeople }, schema: { params: roleParams } };

/** People and their roles: national administrators manage everyone, hub leadership their hub's people. */
export function registerPeopleAdminRoutes(app: FastifyInstance, { db, mailer, config }: Services): void {
  const roleChoices = async (principal: ReturnType<typeof requirePrincipal>) => ({
    roleOptions: grantableRoles(principal, roles).map((role) => ({ value: role, text: roleNames[role] })),
    hubOptions: await listHubOptions(db, grantableHubIds(principal)),
    // The NCP roles are the national administrators' to give; a local authority partner is given for
    // one of the hub's local authorities.
    ncpOptions: isNationalAdmin(principal) ? await listNcpKeyOptions(db) : [],
    laOptions: await listHubLaOptions(db, grantableHubIds(principal)),
    titleExamples: hubLeadershipTitles,
  });
  // The role's school picker: the school chosen on the search page (`?schoolUrn=`) or typed before an
  // error, and whether it is in the area of the hub choosing (hub leadership's own hub).
  const pickerState = async (
    principal: ReturnType<typeof requirePrincipal>,
    query: unknown,
    returnTo: string,
  ) => {
    const hubId = isNationalAdmin(principal) ? null : (hubIdsOf(principal, 'hub_leadership')[0] ?? null);
    const urn = urnQuery.parse(query).schoolUrn;
    return {
      chosen: urn ? await chosenSchool(db, { urn, hubId }) : null,
      chosenUrn: urn ?? null,
      hubId,
      hubName: await choosingHubName(db, hubId),
      returnTo,
    };
  };

  app.get(paths.admin.people, listRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { q, page } = peopleQuery.parse(request.query ?? {});
    const found = await listPeople(db, peopleScope(principal), { query: q, page, pageSize: PAGE_SIZE });
    const lastPage = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    return reply.render('modules/people/views/people.njk', {
      pageTitle: 'People',
      q,
      ...found,
      scope: peopleScope(principal),
      canManage: canManagePeople(principal),
      canImportAccreditations: isNationalAdmin(principal),
      pagination: pagination(page, lastPage, (n) => withQuery(paths.admin.people, { q, page: n })),
    });
  });

  app.get(paths.admin.newPerson, { config: { access: canManagePeople } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return reply.render('modules/people/views/new-person.njk', {
      pageTitle: 'Add a person',
      roleRequired: !canCreatePerson(principal, null),
      ...(await roleChoices(principal)),
      picker: await pickerState(principal, request.query, paths.admin.newPerson),
    });
  });

  app.post(paths.admin.people, { config: { access: canManagePeople } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const keep = ['givenName', 'familyName', 'email', ...roleFormFields];
    return handleForm(
      reply,
      {
        // Back with the school typed or chosen, so it is named again.
        formUrl: withChosenUrn(paths.admin.newPerson, request.body),
        body: request.body,
        keep,
        schema: createPersonForm,
      },
      async ({ role, hubId, schoolUrn, ncpKey, laCode, title, reason, outOfAreaReason, ...names }) => {
        const result = await createPerson(db, actorOf(principal), {
          by: principal,
          ...names,
          firstRole: role ? { role, hubId, schoolUrn, ncpKey, laCode, title, outOfAreaReason } : null,
          reason,
          invitationsUrl: new URL(paths.accountInvitations, config.PUBLIC_URL).toString(),
        });
        if (result.outcome === 'invited') {
          // createPerson's transaction has committed: the invitation goes to the outbox and the queue.
          await mailer.queue(db, result.invitation);
          mailer.kick();
        }
        if (!isNationalAdmin(principal)) {
          // Hub leadership are told the same whether or not the email was someone's elsewhere (who is
          // invited, not added): nothing here says that an email exists.
          const text = `${names.email}: if they are new to the platform, they have been added with the role; if they already have an account, we have emailed them an invitation instead`;
          return reply.flash({ kind: 'success', text }).code(303).redirect(paths.admin.people);
        }
        const text =
          result.outcome === 'added'
            ? `${names.email} already had an account: the role has been added to it`
            : `${names.givenName} ${names.familyName} has been added`;
        return reply
          .flash({ kind: 'success', text })
          .code(303)
          .redirect(paths.admin.person(result.personId ?? 0));
      },
    );
  });

  app.get(paths.admin.person(), viewPersonRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    const detail = await getPerson(db, principal, id);
    return reply.render('modules/people/views/person.njk', {
      pageTitle: `${detail.person.givenName} ${detail.person.familyName}`,
      ...detail,
      accreditations: await listAccreditations(db, id),
      canRecordAccreditation: isNationalAdmin(principal) && !detail.person.erasedAt,
      accreditationOptions: accreditationKinds.map((k) => ({ value: k, text: accreditationKindNames[k] })),
      canManage: canManagePeople(principal),
      canErase: canErasePeople(principal),
      ...(await roleChoices(principal)),
      picker: await pickerState(principal, request.query, paths.admin.person(id)),
    });
  });

  app.post(paths.admin.personRoles(), personRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    // Hub leadership act only on people they can see (with a role in their hub), checked before the
    // form is even read; the role itself is checked again, with its hub, by grantRole.
    await getPerson(db, principal, id);
    const back = `${withChosenUrn(paths.admin.person(id), request.body)}#add-role`;
    return handleForm(
      reply,
      { formUrl: back, body: request.body, keep: roleFormFields, schema: grantRoleForm },
      async (input) => {
        await grantRole(db, actorOf(principal), { personId: id, ...input, by: principal });
        const text = `The ${roleNames[input.role]} role has been added`;
        return reply.flash({ kind: 'success', text }).code(303).redirect(paths.admin.person(id));
      },
    );
  });

  // A teacher who moves school: their current school changes, their history stays with the old one.
  app.get(paths.admin.personSchool(), personRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    const detail = await getPerson(db, principal, id);
    // The school chosen on the school search page, or typed before an error, with whether it is in the
    // area of the hub choosing (hub leadership's own hub).
    const hubId = isNationalAdmin(principal) ? null : (hubIdsOf(principal, 'hub_leadership')[0] ?? null);
    const urn = urnQuery.parse(request.query).schoolUrn;
    const chosen = urn ? await chosenSchool(db, { urn, hubId }) : null;
    return reply.render('modules/people/views/change-school.njk', {
      pageTitle: `Change ${detail.person.givenName} ${detail.person.familyName}’s school`,
      ...detail,
      chosen,
      chosenUrn: urn ?? null,
      hubId,
      hubName: await choosingHubName(db, hubId),
    });
  });

  app.post(paths.admin.personSchool(), personRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    await getPerson(db, principal, id);
    // Back to the form with the school typed, so its name and any warning are shown again.
    const back = withChosenUrn(paths.admin.personSchool(id), request.body);
    return handleForm(
      reply,
      {
        formUrl: back,
        body: request.body,
        keep: ['schoolUrn', 'reason'],
        schema: changeSchoolForm,
      },
      async (input) => {
        const { schoolName } = await changePersonSchool(db, actorOf(principal), {
          personId: id,
          ...input,
          by: principal,
        });
        const text = `Their school is now ${schoolName}. Their programmes and attendance stay with the schools they enrolled from`;
        return reply.flash({ kind: 'success', text }).code(303).redirect(paths.admin.person(id));
      },
    );
  });

  app.get(paths.admin.endRole(), roleRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id, roleId } = roleParams.parse(request.params);
    const { person } = await getPerson(db, principal, id);
    const assignment = await findRoleToEnd(db, principal, { personId: id, assignmentId: roleId });
    return reply.render('modules/people/views/end-role.njk', {
      pageTitle: `End ${person.givenName} ${person.familyName}’s ${assignment.roleName} role`,
      person,
      assignment,
    });
  });

  app.post(paths.admin.endRole(), roleRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id, roleId } = roleParams.parse(request.params);
    // Not through handleForm: a role already ended is a conflict shown on its own page (409), not an
    // error on this form, whose page no longer applies.
    const parsed = endRoleForm.safeParse(trimmedBody(request.body));
    if (!parsed.success) {
      return reply.formErrors(
        paths.admin.endRole(id, roleId),
        formState(fieldErrorsFrom(parsed.error), request.body, ['reason']),
      );
    }
    await endRole(db, actorOf(principal), {
      by: principal,
      personId: id,
      assignmentId: roleId,
      reason: parsed.data.reason,
    });
    return reply
      .flash({ kind: 'success', text: 'The role has been ended' })
      .code(303)
      .redirect(paths.admin.person(id));
  });
}
