import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { type ComparedField, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { formState } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { yearGroups } from '../registration/rules.ts';
import { urnQuery, withChosenUrn } from '../schools/school-picker.ts';
import { chosenSchool } from '../schools/search-schools.ts';
import { type Corrector, correctPersonDetails, EmailOnAnotherRecordError } from './correct-person.ts';
import {
  ownDetailsForm,
  ownSchoolForm,
  ownYearGroupsForm,
  personDetailsForm,
  personParams,
} from './forms.ts';
import { getOwnRecord, getPerson } from './get-person.ts';
import { changeOwnSchool, changeOwnYearGroups } from './own-details.ts';
import { canManagePeople } from './policy.ts';
import type { people } from './schema.ts';

type Person = typeof people.$inferSelect;

const keep = ['givenName', 'familyName', 'email', 'version'] as const;
const formId = 'person-details';

/** The form's fields as a stale edit compares them. */
const comparedFields: ComparedField[] = [
  { name: 'givenName', label: 'First name' },
  { name: 'familyName', label: 'Last name' },
  { name: 'email', label: 'Email address' },
];

const personRoute = { config: { access: canManagePeople }, schema: { params: personParams } };

/**
 * Correcting a person's name and email (UK GDPR's right to rectification): hub leadership and national
 * administrators from the person's page, and a person their own names from their account page (not
 * their email: a new address is not verified yet, so a person could take an address that is not theirs
 * and be found by it later; staff change it).
 */
export function registerPersonDetailsRoutes(app: FastifyInstance, { db }: Services): void {
  /** The form: the record's values, or after a stale save (409) the person's input beside what was saved. */
  const page = (
    reply: FastifyReply,
    person: Person,
    self: boolean,
    stale?: { yours: Record<string, string> },
  ) => {
    const record = { givenName: person.givenName, familyName: person.familyName, email: person.email };
    const action = self ? paths.accountDetails : paths.admin.personDetails(person.id);
    return reply.code(stale ? 409 : 200).render('modules/people/views/person-details.njk', {
      pageTitle: self ? 'Change your details' : `Change ${person.givenName} ${person.familyName}’s details`,
      self,
      person,
      action,
      backHref: self ? paths.account : paths.admin.person(person.id),
      record: stale ? stale.yours : record,
      version: person.version,
      staleEdit: stale && {
        noun: self ? 'record' : 'person’s details',
        subject: self ? 'your details' : 'these details',
        rows: staleEditRows(
          self ? comparedFields.filter((f) => f.name !== 'email') : comparedFields,
          record,
          stale.yours,
        ),
        latestHref: `${action}#${formId}`,
      },
      formId,
    });
  };

  /** Reads the form, corrects, and redirects; back to the form with errors, or the 409 page if stale. */
  const save = async (
    reply: FastifyReply,
    body: unknown,
    principal: Principal,
    by: Corrector,
    personId: number,
    self: boolean,
  ) => {
    const back = self ? paths.accountDetails : paths.admin.personDetails(personId);
    // A person's own form has no email: theirs stays as it is.
    const schema = self ? ownDetailsForm.extend({ email: z.string().catch('') }) : personDetailsForm;
    const onStale = async (yours: Record<string, string>) =>
      page(reply, await personFor(principal, personId, self), self, { yours });
    return handleForm(reply, { formUrl: back, body, keep, schema, onStale }, async (input) => {
      try {
        const version = versionFrom(body);
        const details = self ? { ...input, email: (await getOwnRecord(db, personId)).email } : input;
        const { changed } = await correctPersonDetails(db, actorOf(principal), {
          personId,
          version,
          ...details,
          by,
        });
        const text = !changed.length
          ? 'Nothing was changed'
          : self
            ? 'Your details have been changed'
            : `${input.givenName} ${input.familyName}’s details have been changed`;
        return reply
          .flash({ kind: changed.length ? 'success' : 'info', text })
          .code(303)
          .redirect(self ? paths.account : paths.admin.person(personId));
      } catch (error) {
        // National administrators are told which record has the address.
        if (error instanceof EmailOnAnotherRecordError) {
          const state = formState(error.errors, body, keep);
          state.values.duplicateOf = String(error.otherPersonId);
          return reply.formErrors(back, state);
        }
        throw error;
      }
    });
  };

  const personFor = async (principal: Principal, personId: number, self: boolean) =>
    self ? getOwnRecord(db, principal.personId) : (await getPerson(db, principal, personId)).person;

  app.get(paths.admin.personDetails(), personRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    const { person } = await getPerson(db, principal, id);
    return page(reply, person, false);
  });

  app.post(paths.admin.personDetails(), personRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    // Hub leadership act only on people they can see, checked before the form is read (404 otherwise).
    await getPerson(db, principal, id);
    return save(reply, request.body, principal, { kind: 'staff', principal }, id, false);
  });

  app.get(paths.accountDetails, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return page(reply, await getOwnRecord(db, principal.personId), true);
  });

  app.post(paths.accountDetails, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return save(reply, request.body, principal, { kind: 'self' }, principal.personId, true);
  });

  // A person's own school, chosen with the school picker (the search page comes back with `?schoolUrn=`).
  app.get(paths.accountSchool, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const person = await getOwnRecord(db, principal.personId);
    const urn = urnQuery.parse(request.query).schoolUrn;
    return reply.render('modules/people/views/own-school.njk', {
      pageTitle: 'Change your school',
      current: person.schoolUrn ? await chosenSchool(db, { urn: person.schoolUrn }) : null,
      chosen: urn ? await chosenSchool(db, { urn }) : null,
      chosenUrn: urn ?? null,
    });
  });

  app.post(paths.accountSchool, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const formUrl = withChosenUrn(paths.accountSchool, request.body);
    return handleForm(
      reply,
      { formUrl, body: request.body, keep: ['schoolUrn'], schema: ownSchoolForm },
      async ({ schoolUrn }) => {
        const { changed, schoolName } = await changeOwnSchool(db, actorOf(principal), {
          personId: principal.personId,
          schoolUrn,
        });
        return reply
          .flash(
            changed
              ? { kind: 'success', text: `Your school is now ${schoolName}` }
              : { kind: 'info', text: 'Nothing was changed' },
          )
          .code(303)
          .redirect(paths.account);
      },
    );
  });

  app.get(paths.accountYearGroups, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const person = await getOwnRecord(db, principal.personId);
    return reply.render('modules/people/views/own-year-groups.njk', {
      pageTitle: 'Change the year groups you teach',
      yearGroupItems: yearGroups,
      current: person.yearGroups,
    });
  });

  app.post(paths.accountYearGroups, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return handleForm(
      reply,
      {
        formUrl: paths.accountYearGroups,
        body: request.body,
        keep: ['yearGroups'],
        lists: ['yearGroups'],
        schema: ownYearGroupsForm,
      },
      async (input) => {
        const { changed } = await changeOwnYearGroups(db, actorOf(principal), {
          personId: principal.personId,
          yearGroups: input.yearGroups,
        });
        return reply
          .flash(
            changed
              ? { kind: 'success', text: 'The year groups you teach have been changed' }
              : { kind: 'info', text: 'Nothing was changed' },
          )
          .code(303)
          .redirect(paths.account);
      },
    );
  });
}
