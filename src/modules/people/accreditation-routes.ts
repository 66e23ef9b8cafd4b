import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { errorsByField, requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { isNationalAdmin } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { importSlots } from '../../platform/upload-limits.ts';
import { readUpload, uploadErrors } from '../../platform/uploads.ts';
import { accreditationForm, accreditationFormFields } from './accreditation-form.ts';
import { personParams } from './forms.ts';
import { getPerson } from './get-person.ts';
import { recordAccreditation } from './record-accreditation.ts';
import { importAccreditations } from './record-accreditations.ts';
import { accreditationKindNames } from './schema.ts';

const importPage = 'modules/people/views/accreditations-import.njk';
const importTitle = 'Import accreditations';
const isCsv = (value: unknown): value is 'accreditations' => value === 'accreditations';

/**
 * Accreditations by the national team: one recorded on a person's page (the form is on the page,
 * people-routes.ts), or many from a CSV file, all or nothing (record-accreditations.ts).
 */
export function registerAccreditationRoutes(app: FastifyInstance, { db }: Services): void {
  app.post(
    paths.admin.personAccreditations(),
    { config: { access: isNationalAdmin }, schema: { params: personParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = personParams.parse(request.params);
      await getPerson(db, principal, id);
      return handleForm(
        reply,
        {
          formUrl: `${paths.admin.person(id)}#add-accreditation`,
          body: request.body,
          keep: accreditationFormFields,
          schema: accreditationForm,
        },
        async (input) => {
          const { outcome } = await recordAccreditation(db, actorOf(principal), { personId: id, ...input });
          const name = accreditationKindNames[input.kind];
          const text =
            outcome === 'added'
              ? `The ${name} accreditation has been recorded`
              : outcome === 'updated'
                ? `The ${name} accreditation has been changed`
                : `The ${name} accreditation was already recorded`;
          return reply.flash({ kind: 'success', text }).code(303).redirect(paths.admin.person(id));
        },
      );
    },
  );

  app.get(
    paths.admin.accreditationsImport,
    { config: { access: isNationalAdmin } },
    async (_request, reply) => reply.render(importPage, { pageTitle: importTitle, fieldErrors: {} }),
  );

  app.post(
    paths.admin.accreditationsImport,
    { config: { access: isNationalAdmin } },
    async (request, reply) => {
      const { file } = await readUpload(request, isCsv);
      if (!file) {
        const errors = uploadErrors.missing('accreditations', file, 'Select a CSV file of accreditations');
        return reply
          .code(422)
          .render(importPage, { pageTitle: importTitle, errors, fieldErrors: errorsByField(errors) });
      }
      try {
        const summary = await importSlots.run(() =>
          importAccreditations(db, actorOf(requirePrincipal(request)), file.bytes.toString('utf8')),
        );
        return reply.render(importPage, {
          pageTitle: 'The accreditations were imported',
          fieldErrors: {},
          imported: { fileName: file.fileName, ...summary },
        });
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error;
        return reply.code(422).render(importPage, {
          pageTitle: importTitle,
          fieldErrors: {},
          ...uploadErrors.rejected(file.fileName, error.problems),
        });
      }
    },
  );
}
