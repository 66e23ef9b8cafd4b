import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { fieldError } from '../../platform/form-errors.ts';
import { errorsByField, requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { hasRole, hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload } from '../../platform/uploads.ts';
import { formats, isDeliveryKind } from './formats.ts';
import { type ImportScope, importDelivery } from './import-delivery.ts';

/** Problems shown on the page; the command line lists every one. */
const problemsShown = 1000;

/** National administrators import for any hub; hub leadership for their own hub only. */
export const mayImportDelivery = (p: Principal) => isNationalAdmin(p) || hasRole(p, 'hub_leadership');

export const importScopeOf = (p: Principal): ImportScope =>
  isNationalAdmin(p) ? { allHubs: true } : { allHubs: false, hubIds: hubIdsOf(p, 'hub_leadership') };

const pageTitle = 'Import activities, enrolments or attendance';
const columnsOf = Object.fromEntries(
  Object.entries(formats).map(([kind, columns]) => [
    kind,
    columns.map((c) => ({ header: c.header, required: c.required })),
  ]),
);

/** The upload page for a hub's spreadsheets of activities, enrolments and attendance. */
export function registerBulkRoutes(app: FastifyInstance, { db, mailer }: Services): void {
  const uploadPage = 'modules/bulk/views/delivery-import.njk';
  const page = (extra: Record<string, unknown>) => ({ pageTitle, columnsOf, fieldErrors: {}, ...extra });

  app.get(paths.myHub.imports, { config: { access: mayImportDelivery } }, async (_request, reply) =>
    reply.render(uploadPage, page({ kind: null })),
  );

  app.post(paths.myHub.imports, { config: { access: mayImportDelivery } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { kind, file } = await readUpload(request, isDeliveryKind);
    if (!kind || !file) {
      const errors = [
        ...(kind ? [] : [fieldError('kind', 'Select what the file holds')]),
        ...(file ? [] : [fieldError('file', 'Select a CSV or Excel file to import')]),
      ];
      return reply.code(422).render(uploadPage, page({ kind, errors, fieldErrors: errorsByField(errors) }));
    }
    try {
      const result = await importDelivery(
        db,
        actorOf(principal),
        { scope: importScopeOf(principal), kind, file },
        {
          mailer,
        },
      );
      return reply.render('modules/bulk/views/delivery-import-result.njk', {
        pageTitle: 'The file was imported',
        result,
      });
    } catch (error) {
      if (!(error instanceof ImportRejectedError)) throw error;
      const count = error.problems.length;
      return reply.code(422).render(
        uploadPage,
        page({
          kind,
          errors: [
            fieldError(
              'problems',
              `${file.fileName} was not imported: it has ${count === 1 ? 'a problem' : `${count.toLocaleString('en-GB')} problems`}. Nothing was changed.`,
            ),
          ],
          rejected: {
            fileName: file.fileName,
            total: count,
            problems: error.problems.slice(0, problemsShown),
          },
        }),
      );
    }
  });
}
