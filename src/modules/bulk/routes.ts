import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { errorsByField, requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { hasRole, hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload, uploadErrors } from '../../platform/uploads.ts';
import { formats, isDeliveryKind } from './formats.ts';
import { type ImportScope, importDelivery } from './import-delivery.ts';

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
      const errors = uploadErrors.missing(kind, file, 'Select a CSV or Excel file to import');
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
      return reply
        .code(422)
        .render(uploadPage, page({ kind, ...uploadErrors.rejected(file.fileName, error.problems) }));
    }
  });
}
