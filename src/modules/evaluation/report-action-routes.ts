import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { StaleEditError } from '../../platform/edit-versions.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { followUpAction } from './report-follow-up.ts';
import { mayFollowUpAction, mayReadAction, mayReadReport } from './report-policy.ts';
import { actionsOwnedBy, loadAction } from './report-reads.ts';
import { actionStatusNames } from './report-rules.ts';
import { type ActionStatus, actionStatuses } from './report-schema.ts';

const actionParams = z.object({ actionId: idParam });
const signedIn = (p: Principal | null) => p !== null;
const text = (body: unknown, name: string) => {
  const v = (body as Record<string, unknown> | null)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};

/**
 * The actions from evaluation reports: each person's list of the actions they own, and an action's
 * page where its owner (or its report's writers) follow it up to done.
 */
export function registerReportActionRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const r = paths.evaluation.reports;

  typed.get(r.actions, { config: { access: signedIn } }, async (request, reply) => {
    const p = requirePrincipal(request);
    const actions = await actionsOwnedBy(db, p.personId);
    return reply.render('modules/evaluation/views/report-actions.njk', {
      pageTitle: 'Actions from evaluation reports',
      open: actions.filter((a) => a.status !== 'done'),
      done: actions.filter((a) => a.status === 'done'),
      actionStatusNames,
    });
  });

  const readable = async (p: Principal, actionId: number) => {
    const action = await loadAction(db, actionId);
    if (!action || !mayReadAction(p, { ownerPersonId: action.ownerPersonId, report: action.report }))
      throw new NotFoundError('There is no such action');
    return action;
  };

  const page = async (
    p: Principal,
    action: Awaited<ReturnType<typeof readable>>,
    form: { status: string; closingNote: string; version: number },
    errors: FieldError[] = [],
  ) => ({
    pageTitle: 'Follow up an action',
    action,
    reportReadable: mayReadReport(p, action.report),
    canFollowUp:
      mayFollowUpAction(p, { ownerPersonId: action.ownerPersonId, report: action.report }) &&
      action.status !== 'done',
    form,
    statusItems: actionStatuses
      .filter((s) => actionStatuses.indexOf(s) >= actionStatuses.indexOf(action.status))
      .map((s) => ({ value: s, text: actionStatusNames[s], checked: s === form.status })),
    errors: errors.map((e) => ({ text: e.message, href: `#${e.field}`, ...e })),
    actionStatusNames,
  });

  typed.get(
    r.action(),
    { config: { access: signedIn }, schema: { params: actionParams } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const action = await readable(p, request.params.actionId);
      return reply.render(
        'modules/evaluation/views/report-action.njk',
        await page(p, action, {
          status: action.status,
          closingNote: action.closingNote ?? '',
          version: action.version,
        }),
      );
    },
  );

  typed.post(
    r.action(),
    { config: { access: signedIn }, schema: { params: actionParams } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const action = await readable(p, request.params.actionId);
      if (!mayFollowUpAction(p, { ownerPersonId: action.ownerPersonId, report: action.report }))
        throw new NotFoundError('There is no such action');
      const v = text(request.body, 'version');
      const form = {
        status: text(request.body, 'status'),
        closingNote: text(request.body, 'closingNote'),
        version: action.version,
      };
      const back = async (errors: FieldError[], status: number) =>
        reply
          .code(status)
          .render('modules/evaluation/views/report-action.njk', await page(p, action, form, errors));
      try {
        if (!/^\d{1,9}$/.test(v))
          throw new ValidationError([
            { field: 'status', message: 'This form is out of date. Check the values below and save again' },
          ]);
        const { status } = await followUpAction(db, actorOf(p), {
          actionId: action.id,
          version: Number(v),
          status: form.status,
          closingNote: form.closingNote,
        });
        reply.flash({
          kind: 'success',
          text: `The action is ${actionStatusNames[status as ActionStatus].toLowerCase()}`,
        });
        return reply.code(303).redirect(r.action(action.id));
      } catch (error) {
        if (error instanceof StaleEditError)
          return back(
            [
              {
                field: 'status',
                message: 'Someone else changed this action since you opened it: check it and save again',
              },
            ],
            409,
          );
        if (error instanceof ValidationError) return back(error.errors, 400);
        if (error instanceof ConflictError) return back([{ field: 'status', message: error.message }], 409);
        throw error;
      }
    },
  );
}
