import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { fieldError, type SummaryFieldError } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload } from '../../platform/uploads.ts';
import { canOpenActivities } from '../activities/policy.ts';
import { sendDocument } from '../documents/document-reads.ts';
import { addHappiFile, happiFileLimits, happiFileOf, readHappiFile, removeHappiFile } from './happi-files.ts';
import type { HappiFormView } from './happi-forms.ts';

const params = z.object({ id: idParam });
const fileParams = z.object({ id: idParam, fileId: idParam });
const access = { access: canOpenActivities };

/** What the HAPPI pages give these routes: the form as the person may see it, and the impact page. */
interface HappiPages {
  load: (principal: Principal, id: number) => Promise<HappiFormView>;
  impactPage: (
    reply: FastifyReply,
    principal: Principal,
    id: number,
    body?: Record<string, unknown>,
    upload?: { errors: SummaryFieldError[]; outcomeKey: string },
  ) => Promise<FastifyReply>;
}

/**
 * Files given as evidence of impact on a HAPPI form: uploaded on the impact page by the activity's
 * leads (a refused file renders the page again with the reason, 422: a file cannot be carried back
 * through a redirect), downloaded by anyone who may see the form, removed after a page that asks first.
 */
export function registerHappiFileRoutes(
  app: FastifyInstance,
  { db, documentStore: store }: Services,
  pages: HappiPages,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post(
    paths.evaluation.happi.files(),
    { config: access, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      const v = await pages.load(principal, id);
      let outcomeKey = '';
      let file: { fileName: string; bytes: Buffer } | null = null;
      try {
        const upload = await readUpload(request, (v): v is string => typeof v === 'string', {
          maxBytes: happiFileLimits.bytes,
          kindField: 'outcomeKey',
        });
        outcomeKey = upload.kind ?? '';
        file = upload.file;
        await addHappiFile(db, actorOf(principal), { loaded: v.loaded, outcomeKey, file }, { store });
      } catch (error) {
        if (error instanceof ValidationError)
          return pages.impactPage(reply, principal, id, undefined, {
            errors: error.errors.map((e) => fieldError(e.field, e.message)),
            outcomeKey,
          });
        throw error;
      }
      reply.flash({ kind: 'success', text: `${file!.fileName} has been added to the evidence` });
      return reply.code(303).redirect(`${paths.evaluation.happi.impact(id)}#files`);
    },
  );

  typed.get(
    paths.evaluation.happi.file(),
    { config: access, schema: { params: fileParams } },
    async (request, reply) => {
      const { id, fileId } = request.params;
      await pages.load(requirePrincipal(request), id);
      const file = await readHappiFile(db, { activityId: id, fileId }, { store });
      return sendDocument(reply, {
        filename: file.fileName,
        contentType: file.contentType,
        bytes: file.bytes,
      });
    },
  );

  const removable = async (principal: Principal, id: number, fileId: number) => {
    const v = await pages.load(principal, id);
    if (!v.loaded.leadPersonIds.includes(principal.personId))
      throw new ForbiddenError('Only the activity’s leads change its HAPPI form');
    const file = v.files.find((f) => f.id === fileId);
    if (!file) await happiFileOf(db, { activityId: id, fileId }); // another form's file: not found
    return { v, file: file! };
  };

  typed.get(
    paths.evaluation.happi.removeFile(),
    { config: access, schema: { params: fileParams } },
    async (request, reply) => {
      const { id, fileId } = request.params;
      const { v, file } = await removable(requirePrincipal(request), id, fileId);
      return reply.render('modules/evaluation/views/happi-file-remove.njk', {
        pageTitle: `Remove ${file.fileName}`,
        activity: v.loaded.activity,
        file,
      });
    },
  );

  typed.post(
    paths.evaluation.happi.removeFile(),
    { config: access, schema: { params: fileParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, fileId } = request.params;
      const { v } = await removable(principal, id, fileId);
      const formUrl = paths.evaluation.happi.removeFile(id, fileId);
      return handleForm(reply, { formUrl, body: request.body, conflictField: 'remove' }, async () => {
        const { fileName } = await removeHappiFile(
          db,
          actorOf(principal),
          { loaded: v.loaded, fileId },
          { store },
        );
        reply.flash({ kind: 'success', text: `${fileName} has been removed from the evidence` });
        return reply.code(303).redirect(`${paths.evaluation.happi.impact(id)}#files`);
      });
    },
  );
}
