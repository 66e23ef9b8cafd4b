import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { errorsByField, requirePrincipal } from '../../platform/http.ts';
import { hubScopeOf } from '../../platform/hub-scope.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload, uploadErrors } from '../../platform/uploads.ts';
import { importReferrals, referralImportColumns } from './import-referrals.ts';
import { canRefer } from './policy.ts';

const isReferrals = (v: unknown): v is 'referrals' => v === 'referrals';

/** Importing a list of referrals: the upload page, then the import, all or nothing (every bad row listed). */
export function registerReferralImportRoutes(app: FastifyInstance, { db }: Services): void {
  const uploadPage = 'modules/targeted-support/views/import.njk';
  const page = (extra: Record<string, unknown>) => ({
    pageTitle: 'Import a list of referrals',
    columns: referralImportColumns,
    fieldErrors: {},
    ...extra,
  });

  app.get(paths.targetedSupport.importReferrals, { config: { access: canRefer } }, async (_request, reply) =>
    reply.render(uploadPage, page({})),
  );

  app.post(
    paths.targetedSupport.importReferrals,
    { config: { access: canRefer } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { file } = await readUpload(request, isReferrals);
      if (!file) {
        const errors = uploadErrors.missing('referrals', file, 'Select a CSV or Excel file of referrals');
        return reply.code(422).render(uploadPage, page({ errors, fieldErrors: errorsByField(errors) }));
      }
      try {
        const { referred } = await importReferrals(db, actorOf(principal), {
          scope: hubScopeOf(principal),
          file,
        });
        return reply
          .flash({
            kind: 'success',
            text: `${referred} ${referred === 1 ? 'school was' : 'schools were'} referred for Targeted Support`,
          })
          .code(303)
          .redirect(paths.targetedSupport.home);
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error;
        return reply.code(422).render(uploadPage, page(uploadErrors.rejected(file.fileName, error.problems)));
      }
    },
  );
}
