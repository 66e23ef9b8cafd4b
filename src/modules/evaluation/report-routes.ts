import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { StaleEditError, versionFrom } from '../../platform/edit-versions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam, parseAcademicYear } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { canViewEvaluation } from './policy.ts';
import { registerReportActionRoutes } from './report-action-routes.ts';
import { type ReportFormPage, renderReportForm } from './report-form.ts';
import {
  canWriteReports,
  mayWriteReport,
  reportScopeOf,
  requireReadable,
  requireWritable,
} from './report-policy.ts';
import {
  allHubs,
  contentOf,
  hubChoices,
  type LoadedReport,
  listReports,
  loadReport,
  ncpChoices,
  searchThemes,
  yearChoices,
} from './report-reads.ts';
import {
  actionStatusNames,
  addRequested,
  draftProblems,
  evidenceKindNames,
  formRowsFromBody,
  formRowsFromContent,
  publishProblems,
  reportFromForm,
} from './report-rules.ts';
import { publishReport, saveDraft, startReport } from './report-write.ts';

const reportParams = z.object({ reportId: idParam });
const filterQuery = z.object({
  hub: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  ncp: z.string().trim().max(20).optional().catch(undefined),
  year: z.string().trim().max(9).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
});
const newQuery = z.object({ hub: z.string().trim().max(12).optional().catch(undefined) });
type Filters = z.infer<typeof filterQuery>;

const filtersOf = (q: Filters) => ({
  hubId: q.hub ?? null,
  ncpKey: q.ncp || null,
  yearCode: parseAcademicYear(q.year) ?? null,
});

const text = (body: unknown, name: string) => {
  const v = (body as Record<string, unknown> | null)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** The hub a new report is for, from `?hub=` or the form: one of the writer's hubs, or `national` (administrators). */
async function chosenHub(
  db: Services['db'],
  p: Principal,
  value: string,
): Promise<{ hub: { id: number; name: string } | null } | null> {
  if (value === 'national') return isNationalAdmin(p) ? { hub: null } : null;
  const hubs = await hubChoices(db, p);
  const found = hubs.find((h) => String(h.id) === value);
  if (found) return { hub: found };
  return !value && hubs.length === 1 && !isNationalAdmin(p) ? { hub: hubs[0]! } : null;
}

/** The pages of evaluation reports (evidence into practice), implications as actions. */
export function registerEvaluationReportRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const r = paths.evaluation.reports;

  const filterChoices = async (q: Filters) => {
    const [hubs, ncps, years] = await Promise.all([allHubs(db), ncpChoices(db), yearChoices(db)]);
    const f = filtersOf(q);
    return {
      hubItems: [
        { value: '', text: 'All hubs' },
        ...hubs.map((h) => ({ value: String(h.id), text: h.name, selected: h.id === f.hubId })),
      ],
      ncpItems: [
        { value: '', text: 'All NCPs' },
        ...ncps.map((n) => ({ value: n.key, text: `${n.key}: ${n.title}`, selected: n.key === f.ncpKey })),
      ],
      yearItems: [
        { value: '', text: 'All years' },
        ...years.map((y) => ({ value: y, text: y, selected: y === f.yearCode })),
      ],
    };
  };

  typed.get(
    r.list,
    { config: { access: canViewEvaluation }, schema: { querystring: filterQuery } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const reports = await listReports(db, reportScopeOf(p), filtersOf(request.query));
      return reply.render('modules/evaluation/views/report-list.njk', {
        pageTitle: 'Evaluation reports',
        reports,
        canWrite: canWriteReports(p),
        ...(await filterChoices(request.query)),
      });
    },
  );

  typed.get(
    r.search,
    { config: { access: canViewEvaluation }, schema: { querystring: filterQuery } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const q = request.query.q ?? '';
      const matches = await searchThemes(db, reportScopeOf(p), q, filtersOf(request.query));
      return reply.render('modules/evaluation/views/report-search.njk', {
        pageTitle: q ? `Themes matching “${q}”` : 'Search the themes of evaluation reports',
        q,
        matches,
        ...(await filterChoices(request.query)),
      });
    },
  );

  const emptyValues = {
    title: '',
    yearCode: '',
    ncpKey: '',
    context: '',
    activityAndData: '',
    conclusion: '',
  };
  const valuesOf = (body: unknown) => ({
    title: text(body, 'title'),
    yearCode: text(body, 'yearCode'),
    ncpKey: text(body, 'ncpKey'),
    context: text(body, 'context'),
    activityAndData: text(body, 'activityAndData'),
    conclusion: text(body, 'conclusion'),
  });

  typed.get(
    r.new,
    { config: { access: canWriteReports }, schema: { querystring: newQuery } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const chosen = await chosenHub(db, p, request.query.hub ?? '');
      if (!chosen) {
        const hubs = await hubChoices(db, p);
        return reply.render('modules/evaluation/views/report-choose.njk', {
          pageTitle: 'Start an evaluation report',
          hubItems: [
            ...hubs.map((h) => ({ value: String(h.id), text: h.name })),
            ...(isNationalAdmin(p) ? [{ value: 'national', text: 'A national report on an NCP' }] : []),
          ],
        });
      }
      return renderReportForm(db, reply, {
        action: r.new,
        heading: 'Start an evaluation report',
        backHref: r.list,
        hub: chosen.hub,
        version: null,
        values: emptyValues,
        rows: formRowsFromContent({
          researchQuestions: [],
          context: '',
          activityAndData: '',
          conclusion: '',
          themes: [],
          evidence: [],
          coauthorPersonIds: [],
        }),
        errors: [],
      });
    },
  );

  /** A posted report form: another row asked for, refused input, or saved (then `done`). */
  async function posted(
    reply: FastifyReply,
    body: unknown,
    page: Omit<ReportFormPage, 'values' | 'rows' | 'errors'>,
    reportId: number | null,
    save: (content: ReturnType<typeof reportFromForm>['content']) => Promise<FastifyReply>,
  ) {
    const input = (body ?? {}) as Record<string, unknown>;
    const again = (
      errors: ReportFormPage['errors'],
      extra: Partial<ReportFormPage> = {},
      add: string | null = null,
    ) =>
      renderReportForm(db, reply, {
        ...page,
        values: valuesOf(input),
        rows: formRowsFromBody(input, add),
        errors,
        ...extra,
      });
    const add = addRequested(input);
    if (add) return again([], {}, add);
    const { content, problems } = reportFromForm(input);
    const all = [...problems, ...draftProblems(content)];
    if (all.length) return again(all, { status: 400 });
    try {
      return await save(content);
    } catch (error) {
      if (error instanceof StaleEditError) {
        const now = await loadReport(db, reportId ?? 0);
        return again([], { stale: true, status: 409, version: now?.report.version ?? page.version });
      }
      if (error instanceof ValidationError) return again(error.errors, { status: 400 });
      if (error instanceof ConflictError)
        return again([{ field: 'title', message: error.message }], { status: 409 });
      throw error;
    }
  }

  typed.post(r.new, { config: { access: canWriteReports } }, async (request, reply) => {
    const p = requirePrincipal(request);
    const chosen = await chosenHub(db, p, text(request.body, 'hub'));
    if (!chosen) {
      // No hub chosen yet: back to choosing; a hub the writer may not write for is not found.
      if (!text(request.body, 'hub')) return reply.code(303).redirect(r.new);
      throw new NotFoundError('Choose whose report it is');
    }
    return posted(
      reply,
      request.body,
      {
        action: r.new,
        heading: 'Start an evaluation report',
        backHref: r.list,
        hub: chosen.hub,
        version: null,
      },
      null,
      async (content) => {
        const { reportId } = await startReport(db, actorOf(p), { hubId: chosen.hub?.id ?? null, content });
        reply.flash({ kind: 'success', text: 'The draft report has been saved' });
        return reply.code(303).redirect(r.show(reportId));
      },
    );
  });

  typed.get(
    r.show(),
    { config: { access: canViewEvaluation }, schema: { params: reportParams } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const loaded = await loadReport(db, request.params.reportId);
      requireReadable(p, loaded?.report ?? null);
      const { report } = loaded as LoadedReport;
      return reply.render('modules/evaluation/views/report-show.njk', {
        pageTitle: report.title,
        ...loaded,
        canWrite: mayWriteReport(p, report) && report.status === 'draft',
        missing: report.status === 'draft' ? publishProblems(contentOf(loaded!)) : [],
        evidenceKindNames,
        actionStatusNames,
      });
    },
  );

  const writable = async (p: Principal, reportId: number) => {
    const loaded = await loadReport(db, reportId);
    requireWritable(p, loaded?.report ?? null);
    return loaded as LoadedReport;
  };
  const hubOf = (l: LoadedReport) =>
    l.report.hubId ? { id: l.report.hubId, name: l.report.hubName ?? '' } : null;

  typed.get(
    r.edit(),
    { config: { access: canWriteReports }, schema: { params: reportParams } },
    async (request, reply) => {
      const loaded = await writable(requirePrincipal(request), request.params.reportId);
      if (loaded.report.status !== 'draft') return reply.code(303).redirect(r.show(loaded.report.id));
      const c = contentOf(loaded);
      return renderReportForm(db, reply, {
        action: r.edit(loaded.report.id),
        heading: `Edit ${loaded.report.title}`,
        backHref: r.show(loaded.report.id),
        hub: hubOf(loaded),
        version: loaded.report.version,
        values: { ...c, ncpKey: c.ncpKey ?? '' },
        rows: formRowsFromContent(c),
        errors: [],
      });
    },
  );

  typed.post(
    r.edit(),
    { config: { access: canWriteReports }, schema: { params: reportParams } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const loaded = await writable(p, request.params.reportId);
      const id = loaded.report.id;
      const v = text(request.body, 'version');
      const version = /^\d{1,9}$/.test(v) ? Number(v) : null;
      return posted(
        reply,
        request.body,
        {
          action: r.edit(id),
          heading: `Edit ${loaded.report.title}`,
          backHref: r.show(id),
          hub: hubOf(loaded),
          version: version ?? loaded.report.version,
        },
        id,
        async (content) => {
          if (version === null)
            throw new ValidationError([
              { field: 'title', message: 'This form is out of date. Check the values below and save again' },
            ]);
          await saveDraft(db, actorOf(p), { reportId: id, version, content });
          reply.flash({ kind: 'success', text: 'The draft report has been saved' });
          return reply.code(303).redirect(r.show(id));
        },
      );
    },
  );

  typed.get(
    r.publish(),
    { config: { access: canWriteReports }, schema: { params: reportParams } },
    async (request, reply) => {
      const loaded = await writable(requirePrincipal(request), request.params.reportId);
      if (loaded.report.status !== 'draft') return reply.code(303).redirect(r.show(loaded.report.id));
      return reply.render('modules/evaluation/views/report-publish.njk', {
        pageTitle: `Publish ${loaded.report.title}`,
        report: loaded.report,
        actionCount: loaded.themes.reduce((n, t) => n + t.actions.length, 0),
        missing: publishProblems(contentOf(loaded)),
      });
    },
  );

  typed.post(
    r.publish(),
    { config: { access: canWriteReports }, schema: { params: reportParams } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const loaded = await writable(p, request.params.reportId);
      const id = loaded.report.id;
      const back = (message: string, status: number) =>
        reply.code(status).render('modules/evaluation/views/report-publish.njk', {
          pageTitle: `Publish ${loaded.report.title}`,
          report: loaded.report,
          actionCount: loaded.themes.reduce((n, t) => n + t.actions.length, 0),
          missing: publishProblems(contentOf(loaded)),
          errors: [{ text: message, href: '#publish', field: 'publish', message }],
        });
      try {
        const { actionIds } = await publishReport(db, actorOf(p), {
          reportId: id,
          version: versionFrom(request.body),
        });
        reply.flash({
          kind: 'success',
          text: `The report has been published: ${actionIds.length === 1 ? '1 action has' : `${actionIds.length} actions have`} been given to their owners`,
        });
        return reply.code(303).redirect(r.show(id));
      } catch (error) {
        if (error instanceof StaleEditError)
          return back(
            'Someone changed the report since you opened this page: check it and publish again',
            409,
          );
        if (error instanceof ValidationError)
          return back(`The report is not finished: ${error.errors.map((e) => e.message).join('; ')}`, 400);
        if (error instanceof ConflictError) return back(error.message, 409);
        throw error;
      }
    },
  );

  registerReportActionRoutes(app, services);
}
