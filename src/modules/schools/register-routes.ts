import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { errorsByField, requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { canReadNationally, isNationalAdmin } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { importLimits, importSlots } from '../../platform/upload-limits.ts';
import { readUpload, uploadErrors } from '../../platform/uploads.ts';
import { importGiasFile } from './gias/import-establishments.ts';
import { importGiasLinks } from './gias/import-links.ts';
import { listRegisterImports } from './gias/register-imports.ts';

const fileKinds = { establishments: importGiasFile, links: importGiasLinks } as const;
type FileKind = keyof typeof fileKinds;
const isFileKind = (value: unknown): value is FileKind => typeof value === 'string' && value in fileKinds;

/** The national team's upload page for the GIAS register and its import history. */
export function registerRegisterRoutes(app: FastifyInstance, { db }: Services): void {
  const uploadPage = 'modules/schools/views/register-import.njk';

  app.get(paths.admin.registerImport, { config: { access: isNationalAdmin } }, async (_request, reply) =>
    reply.render(uploadPage, {
      pageTitle: 'Import the school register',
      kind: 'establishments',
      fieldErrors: {},
    }),
  );

  app.post(paths.admin.registerImport, { config: { access: isNationalAdmin } }, async (request, reply) => {
    const { kind, file } = await readUpload(request, isFileKind, {
      maxBytes: importLimits.registerUploadBytes,
    });
    if (!kind || !file) {
      const errors = uploadErrors.missing(kind, file, 'Select a GIAS file to import');
      return reply.code(422).render(uploadPage, {
        pageTitle: 'Import the school register',
        kind,
        errors,
        fieldErrors: errorsByField(errors),
      });
    }
    try {
      // Read with the other uploaded files, a few at a time (docs/operations.md).
      const result = await importSlots.run(() =>
        fileKinds[kind](db, actorOf(requirePrincipal(request)), file),
      );
      return reply.render('modules/schools/views/register-import-result.njk', {
        pageTitle: 'The file was imported',
        kind,
        result,
      });
    } catch (error) {
      if (!(error instanceof ImportRejectedError)) throw error;
      return reply.code(422).render(uploadPage, {
        pageTitle: 'Import the school register',
        kind,
        fieldErrors: {},
        ...uploadErrors.rejected(file.fileName, error.problems),
      });
    }
  });

  app.get(paths.admin.registerImports, { config: { access: canReadNationally } }, async (request, reply) =>
    reply.render('modules/schools/views/register-imports.njk', {
      pageTitle: 'Imports of the school register',
      imports: await listRegisterImports(db),
      canImport: isNationalAdmin(request.principal),
    }),
  );
}
