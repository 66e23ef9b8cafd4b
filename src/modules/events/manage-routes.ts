import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { fieldError } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { errorsByField, requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload } from '../../platform/uploads.ts';
import { peopleScope } from '../people/policy.ts';
import { listColumns, placeLists } from './event-exports.ts';
import { addDocument, listDocuments } from './event-extras.ts';
import { eventFiles } from './event-files.ts';
import { listPlaces } from './event-lists.ts';
import { isSeated, timeOf } from './event-view-models.ts';
import { addPersonForm, attendanceEntriesOf, documentForm, eventParams } from './forms.ts';
import { addPersonToEvent } from './invite-person.ts';
import { eventFor } from './load-event.ts';
import { kickMailQueue } from './mail-jobs.ts';
import { attendanceField, importAttendance, joinedViaField, markAttendance } from './mark-attendance.ts';
import { canCreateEvents, canManageEvent, canOrganiseEvents } from './policy.ts';
import { cancelEvent } from './save-event.ts';
import { eventFormatNames, placeStatusNames } from './schema.ts';

const manageQuery = z.object({
  list: z.enum(['confirmations', 'waiting', 'requirements', 'attendance']).optional().catch(undefined),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

/** An event's organiser: its lists, cancelling it, adding people, attendance and documents. */
export function registerManageRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const afterChange = () => kickMailQueue(services.queue);

  typed.get(
    paths.events.manage(),
    { config: { access: canOrganiseEvents }, schema: { params: eventParams, querystring: manageQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event } = await eventFor(db, principal, request.params.id, 'lists');
      const places = await listPlaces(db, event.id);
      const lists = placeLists(places);
      if (request.query.list && request.query.format !== 'html') {
        const list = request.query.list;
        return sendTable(reply, request.query.format as ExportFormat, `event-${event.id}-${list}`, {
          name: `${list[0]!.toUpperCase()}${list.slice(1)}`,
          columns: listColumns[list],
          rows: lists[list],
        });
      }
      return reply.render('modules/events/views/manage.njk', {
        pageTitle: event.title,
        event,
        lists,
        seated: places.filter(isSeated),
        canManage: canManageEvent(principal, event),
        started: event.startsAt.getTime() <= Date.now(),
        formatName: eventFormatNames[event.format],
        placeStatusNames,
        exportHref: (list: string, format: string) =>
          withQuery(paths.events.manage(event.id), { list, format }),
        attendanceField,
        joinedViaField,
        startTime: timeOf(event.startsAt),
        endTime: timeOf(event.endsAt),
        documents: await listDocuments(db, event.id),
        files: await eventFiles(db, event.id),
        backHref: withQuery(paths.events.organise, { hub: event.hubId ? undefined : 'national' }),
      });
    },
  );

  typed.post(
    paths.events.cancel(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await eventFor(db, principal, request.params.id, 'manage');
      const reason =
        String((request.body as Record<string, unknown> | undefined)?.reason ?? '')
          .trim()
          .slice(0, 500) || null;
      await cancelEvent(db, actorOf(principal), { eventId: request.params.id, reason });
      afterChange();
      return reply
        .flash({ kind: 'success', text: 'The event is cancelled and everyone with a place is told' })
        .code(303)
        .redirect(paths.events.manage(request.params.id));
    },
  );

  typed.post(
    paths.events.addPerson(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.manage(request.params.id);
      const { event } = await eventFor(db, principal, request.params.id, 'manage');
      return handleForm(
        reply,
        {
          formUrl: `${url}#add-person`,
          body: request.body,
          conflictField: 'email',
          schema: addPersonForm,
        },
        async ({ email }) => {
          const added = await addPersonToEvent(db, actorOf(principal), {
            eventId: event.id,
            email,
            scope: peopleScope(principal),
          });
          if (added.kind !== 'unknown') afterChange();
          if (added.kind !== 'placed') {
            // The same words whether or not the email is anyone's: another hub's people are not disclosed.
            const text = `No one in your hub has the email address ${email}. If they have an account with another hub, we have emailed them an invitation to this event`;
            return reply.flash({ kind: 'info', text }).code(303).redirect(url);
          }
          const { person, outcome } = added;
          return reply
            .flash({
              kind: 'success',
              text: `${person.givenName} ${person.familyName}: ${placeStatusNames[outcome.status].toLowerCase()}`,
            })
            .code(303)
            .redirect(url);
        },
      );
    },
  );

  typed.post(
    paths.events.attendance(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.manage(request.params.id);
      await eventFor(db, principal, request.params.id, 'manage');
      const form = { formUrl: `${url}#attendance`, body: request.body, conflictField: 'attendance' };
      return handleForm(reply, form, async (body) => {
        const { changed } = await markAttendance(db, actorOf(principal), {
          eventId: request.params.id,
          entries: attendanceEntriesOf(body),
        });
        return reply
          .flash({ kind: 'success', text: `Attendance saved (${changed} changed)` })
          .code(303)
          .redirect(url);
      });
    },
  );

  typed.post(
    paths.events.attendanceImport(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event } = await eventFor(db, principal, request.params.id, 'manage');
      const { file } = await readUpload(request, (v): v is 'attendance' => v === 'attendance');
      const page = (extra: Record<string, unknown>) =>
        reply.code(422).render('modules/events/views/attendance-import.njk', {
          pageTitle: `Attendance report for ${event.title}`,
          event,
          ...extra,
        });
      if (!file) {
        const errors = [fieldError('file', 'Select the attendance report (a CSV file)')];
        return page({ errors, fieldErrors: errorsByField(errors) });
      }
      try {
        const result = await importAttendance(db, actorOf(principal), {
          eventId: event.id,
          text: file.bytes.toString('utf8'),
        });
        return reply
          .flash({
            kind: 'success',
            text: `${result.attended} ${result.attended === 1 ? 'person' : 'people'} marked as attended from ${file.fileName}`,
          })
          .code(303)
          .redirect(paths.events.manage(event.id));
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error;
        const count = error.problems.length;
        return page({
          errors: [
            fieldError(
              'problems',
              `${file.fileName} was not imported: it has ${count === 1 ? 'a problem' : `${count} problems`}. Nothing was changed.`,
            ),
          ],
          rejected: { fileName: file.fileName, problems: error.problems.slice(0, 1000), total: count },
        });
      }
    },
  );

  typed.post(
    paths.events.documents(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.manage(request.params.id);
      await eventFor(db, principal, request.params.id, 'manage');
      return handleForm(
        reply,
        { formUrl: `${url}#documents`, body: request.body, schema: documentForm },
        async (input) => {
          await addDocument(db, actorOf(principal), { eventId: request.params.id, ...input });
          return reply.flash({ kind: 'success', text: 'The document is added' }).code(303).redirect(url);
        },
      );
    },
  );
}
