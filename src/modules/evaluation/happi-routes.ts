import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { acceptedFileTypesText } from '../../platform/file-types.ts';
import { formState, type SummaryFieldError } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { isHubLeadershipOf, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { activityFor } from '../activities/load-activity.ts';
import { canOpenActivities } from '../activities/policy.ts';
import { registerHappiFileRoutes } from './happi-file-routes.ts';
import {
  addHappiProgress,
  type HappiFormView,
  happiFormView,
  saveHappiImpact,
  saveHappiPlan,
} from './happi-forms.ts';
import { registerHappiListRoutes } from './happi-list-routes.ts';
import { happiPdf } from './happi-pdf.ts';
import { reviewHappi, submitHappi } from './happi-review.ts';
import {
  lensNames,
  methodNames,
  NEW_ROWS_PER_LENS,
  newOutcomeField,
  outcomeFields,
  sectionNames,
  stateName,
  stateOf,
} from './happi-rules.ts';
import { happiLenses, happiMethods } from './happi-schema.ts';
import { canViewEvaluation } from './policy.ts';

const params = z.object({ id: idParam });
const formQuery = z.object({ format: z.enum(['html', 'pdf']).catch('html') });
const reviewBody = z.object({
  decision: z.enum(['return', 'accept'], { message: 'Choose whether to accept the form or return it' }),
  comments: z.string().max(20000).default(''),
});

/** A submission or review made from an older version of the form: back to the form, which now shows the latest. */
const staleBack = (reply: FastifyReply, formUrl: string) =>
  reply.formErrors(
    formUrl,
    formState(
      [{ field: 'form', message: 'The form changed while you were reading it: check it and try again' }],
      {},
      [],
    ),
  );

/** What a person may do with a form: its leads write it (draft or returned); the hub's leadership review it. */
function powersOf(p: Principal, v: HappiFormView) {
  const lead = v.loaded.leadPersonIds.includes(p.personId);
  const status = v.form?.status ?? 'draft';
  const editable = status === 'draft' || status === 'returned';
  const finished = v.form?.section === 'impact' && status === 'accepted';
  return {
    isLead: lead,
    canEditPlan: lead && editable && (v.form?.section ?? 'plan') === 'plan',
    canEditImpact: lead && editable && v.form?.section === 'impact',
    canSubmit: lead && editable && !!v.form,
    canAddProgress: lead && !!v.form && !finished,
    canReview: isHubLeadershipOf(p, v.loaded.activity.hubId) && status === 'submitted',
  };
}

function lensRows(v: HappiFormView) {
  return happiLenses.map((lens) => ({
    lens,
    name: lensNames[lens],
    outcomes: v.outcomes
      .filter((o) => o.lens === lens)
      .map((o) => ({
        ...o,
        fields: outcomeFields(o.key),
        files: v.files.filter((f) => f.outcomeKey === o.key),
      })),
    newFields: Array.from({ length: NEW_ROWS_PER_LENS }, (_, i) => newOutcomeField(lens, i + 1)),
  }));
}

const methodItems = happiMethods.map((m) => ({ value: m, text: methodNames[m] }));

/** The posted outcomes as one text per line (for the comparison of a stale edit). */
const postedOutcomes = (body: Record<string, unknown>) =>
  Object.entries(body)
    .filter(
      ([k, v]) => /^(outcome-o\d+|new-(pupils|practice)-\d+)$/.test(k) && typeof v === 'string' && v.trim(),
    )
    .map(([, v]) => String(v).trim())
    .join('\n');
const postedList = (body: Record<string, unknown>, name: string) =>
  [body[name] ?? []].flat().filter((v): v is string => typeof v === 'string');

/** The pages of a HAPPI form (`/activities/:id/happi…`) and the list of forms (happi-list-routes.ts). */
export function registerHappiRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  registerHappiListRoutes(app, services);

  /** The form, for anyone who may see the activity (another hub's, or not theirs to lead, is not found). */
  const load = async (principal: Principal, id: number) =>
    happiFormView(db, await activityFor(db, principal, id, 'view'));
  const asLead = async (principal: Principal, id: number) => {
    const v = await load(principal, id);
    if (!v.loaded.leadPersonIds.includes(principal.personId))
      throw new ForbiddenError('Only the activity’s leads write its HAPPI form');
    return v;
  };

  typed.get(
    paths.evaluation.happi.form(),
    { config: { access: canOpenActivities }, schema: { params, querystring: formQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const v = await load(principal, request.params.id);
      if (request.query.format === 'pdf')
        return reply
          .header('content-disposition', `attachment; filename="happi-${v.loaded.activity.id}.pdf"`)
          .type('application/pdf')
          .send(await happiPdf(v));
      const state = stateOf(v.form);
      return reply.render('modules/evaluation/views/happi-form.njk', {
        pageTitle: `HAPPI form: ${v.loaded.activity.title}`,
        v,
        activity: v.loaded.activity,
        stateName: stateName(state),
        sectionName: sectionNames[v.form?.section ?? 'plan'],
        lenses: lensRows(v),
        methods: (v.form?.methods ?? []).map((m) => methodNames[m]),
        powers: powersOf(principal, v),
        lastReturn: v.form?.status === 'returned' ? v.history.find((h) => h.kind === 'returned') : null,
        pdfHref: `${paths.evaluation.happi.form(v.loaded.activity.id)}?format=pdf`,
      });
    },
  );

  const planPage = async (
    reply: FastifyReply,
    principal: Principal,
    id: number,
    body?: Record<string, unknown>,
  ) => {
    const v = await asLead(principal, id);
    if (!powersOf(principal, v).canEditPlan) return reply.code(303).redirect(paths.evaluation.happi.form(id));
    const theirs = {
      outcomes: v.outcomes.map((o) => o.text).join('\n'),
      methods: (v.form?.methods ?? []).join(', '),
    };
    return reply.code(body ? 409 : 200).render('modules/evaluation/views/happi-plan.njk', {
      pageTitle: `HAPPI plan: ${v.loaded.activity.title}`,
      activity: v.loaded.activity,
      lenses: lensRows(v),
      methodItems,
      methodValues: body ? postedList(body, 'methods') : (v.form?.methods ?? []),
      methodsNotes: body ? body.methodsNotes : v.form?.methodsNotes,
      yours: body,
      version: v.form?.version ?? 0,
      isNew: !v.form,
      staleEdit: body && {
        subject: 'this HAPPI plan',
        rows: staleEditRows(
          [
            { name: 'outcomes', label: 'Intended outcomes' },
            { name: 'methods', label: 'Data collection methods' },
          ],
          theirs,
          { outcomes: postedOutcomes(body), methods: postedList(body, 'methods').join(', ') },
        ),
        latestHref: paths.evaluation.happi.plan(id),
      },
    });
  };

  typed.get(
    paths.evaluation.happi.plan(),
    { config: { access: canOpenActivities }, schema: { params } },
    async (request, reply) => planPage(reply, requirePrincipal(request), request.params.id),
  );

  typed.post(
    paths.evaluation.happi.plan(),
    { config: { access: canOpenActivities }, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await asLead(principal, id);
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(
        reply,
        {
          formUrl: paths.evaluation.happi.plan(id),
          body,
          lists: ['methods'],
          onStale: () => planPage(reply, principal, id, body),
        },
        async (input) => {
          await saveHappiPlan(db, actorOf(principal), {
            activityId: id,
            version: versionFrom(body),
            body: input,
          });
          reply.flash({ kind: 'success', text: 'The HAPPI plan has been saved' });
          return reply.code(303).redirect(paths.evaluation.happi.form(id));
        },
      );
    },
  );

  const impactPage = async (
    reply: FastifyReply,
    principal: Principal,
    id: number,
    body?: Record<string, unknown>,
    upload?: { errors: SummaryFieldError[]; outcomeKey: string },
  ) => {
    const v = await asLead(principal, id);
    if (!powersOf(principal, v).canEditImpact)
      return reply.code(303).redirect(paths.evaluation.happi.form(id));
    return reply.code(upload ? 422 : body ? 409 : 200).render('modules/evaluation/views/happi-impact.njk', {
      pageTitle: `HAPPI evidence of impact: ${v.loaded.activity.title}`,
      activity: v.loaded.activity,
      lenses: lensRows(v),
      upload: {
        errors: upload?.errors ?? [],
        outcomeItems: v.outcomes.map((o) => ({
          value: o.key,
          text: o.text.length > 90 ? `${o.text.slice(0, 88)}…` : o.text,
          selected: o.key === upload?.outcomeKey,
        })),
        acceptedText: acceptedFileTypesText,
      },
      ...(upload ? { errors: upload.errors } : {}),
      yours: body,
      version: v.form?.version ?? 0,
      staleEdit: body && {
        subject: 'this HAPPI form',
        rows: staleEditRows(
          v.outcomes.map((o) => ({
            name: outcomeFields(o.key).evidence,
            label: `Evidence: ${o.text.slice(0, 60)}`,
          })),
          Object.fromEntries(v.outcomes.map((o) => [outcomeFields(o.key).evidence, o.evidence])),
          body,
        ),
        latestHref: paths.evaluation.happi.impact(id),
      },
    });
  };

  registerHappiFileRoutes(app, services, { load, impactPage });

  typed.get(
    paths.evaluation.happi.impact(),
    { config: { access: canOpenActivities }, schema: { params } },
    async (request, reply) => impactPage(reply, requirePrincipal(request), request.params.id),
  );

  typed.post(
    paths.evaluation.happi.impact(),
    { config: { access: canOpenActivities }, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await asLead(principal, id);
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(
        reply,
        {
          formUrl: paths.evaluation.happi.impact(id),
          body,
          onStale: () => impactPage(reply, principal, id, body),
        },
        async (input) => {
          await saveHappiImpact(db, actorOf(principal), {
            activityId: id,
            version: versionFrom(body),
            body: input,
          });
          reply.flash({ kind: 'success', text: 'The evidence of impact has been saved' });
          return reply.code(303).redirect(paths.evaluation.happi.form(id));
        },
      );
    },
  );

  typed.post(
    paths.evaluation.happi.progress(),
    { config: { access: canOpenActivities }, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await asLead(principal, id);
      const formUrl = `${paths.evaluation.happi.form(id)}#progress`;
      return handleForm(reply, { formUrl, body: request.body, conflictField: 'progress' }, async (input) => {
        await addHappiProgress(db, actorOf(principal), {
          activityId: id,
          text: String(input.progress ?? ''),
        });
        reply.flash({ kind: 'success', text: 'The progress update has been added' });
        return reply.code(303).redirect(formUrl);
      });
    },
  );

  typed.post(
    paths.evaluation.happi.submit(),
    { config: { access: canOpenActivities }, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await asLead(principal, id);
      const formUrl = paths.evaluation.happi.form(id);
      return handleForm(
        reply,
        { formUrl, body: request.body, conflictField: 'form', onStale: () => staleBack(reply, formUrl) },
        async () => {
          const { section } = await submitHappi(db, actorOf(principal), {
            activityId: id,
            version: versionFrom(request.body),
          });
          reply.flash({
            kind: 'success',
            text: `The HAPPI ${section === 'plan' ? 'plan' : 'impact section'} has been submitted for review`,
          });
          return reply.code(303).redirect(formUrl);
        },
      );
    },
  );

  typed.post(
    paths.evaluation.happi.review(),
    { config: { access: canViewEvaluation }, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      const v = await load(principal, id);
      if (!isHubLeadershipOf(principal, v.loaded.activity.hubId))
        throw new ForbiddenError('The hub’s leadership review its HAPPI forms');
      const formUrl = `${paths.evaluation.happi.form(id)}#review`;
      return handleForm(
        reply,
        {
          formUrl,
          body: request.body,
          schema: reviewBody,
          conflictField: 'decision',
          onStale: () => staleBack(reply, formUrl),
        },
        async (input) => {
          const next = await reviewHappi(db, actorOf(principal), {
            activityId: id,
            version: versionFrom(request.body),
            decision: input.decision,
            comments: input.comments,
          });
          reply.flash({
            kind: 'success',
            text:
              input.decision === 'return'
                ? 'The form has been returned to its leads with your comments'
                : next.status === 'accepted'
                  ? 'The HAPPI form has been accepted'
                  : 'The plan has been accepted: the leads now write the evidence of impact',
          });
          return reply.code(303).redirect(paths.evaluation.happi.form(id));
        },
      );
    },
  );
}
