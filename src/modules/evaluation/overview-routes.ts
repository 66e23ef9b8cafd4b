import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import { idParam, parseAcademicYear, yearControlItems } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { activityFor } from '../activities/load-activity.ts';
import { canOpenActivities } from '../activities/policy.ts';
import { chooseHub, hubSlugToKeep } from '../hubs/choose-hub.ts';
import { askForHub } from '../hubs/choose-hub-page.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { yearSlug } from '../journeys/journey-rules.ts';
import { evaluationRows } from './overview.ts';
import { evaluationNcpChoices } from './overview-ncps.ts';
import { rowView, totalsView } from './overview-view.ts';
import { canViewEvaluation, canViewNcpEvaluation, ncpScopeOf } from './policy.ts';
import { reportSummary } from './report-summary.ts';

const yearQuery = z.string().max(12).optional().catch(undefined);
const hubPageQuery = z.object({
  hub: z
    .string()
    .max(60)
    .regex(/^[a-z0-9-]*$/)
    .optional()
    .catch(undefined),
  year: yearQuery,
});
const ncpPageQuery = z.object({
  ncp: z
    .string()
    .max(12)
    .regex(/^[0-9]{2}[a-z]?$/)
    .optional()
    .catch(undefined),
  year: yearQuery,
});

/** The one evaluation page of an activity, of a hub and of an NCP across hubs (issue 15). */
export function registerEvaluationOverviewRoutes(app: FastifyInstance, { db }: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    paths.evaluation.activity(),
    { config: { access: canOpenActivities }, schema: { params: z.object({ id: idParam }) } },
    async (request, reply) => {
      const loaded = await activityFor(db, requirePrincipal(request), request.params.id, 'view');
      const [row] = await evaluationRows(db, {
        yearCode: loaded.activity.yearCode,
        activityId: loaded.activity.id,
      });
      return reply.render('modules/evaluation/views/overview-activity.njk', {
        pageTitle: `Evaluation: ${loaded.activity.title}`,
        activity: loaded.activity,
        hub: loaded.hub,
        ncp: loaded.ncp,
        row: row ? rowView(row) : null,
      });
    },
  );

  r.get(
    paths.evaluation.hub,
    { config: { access: canViewEvaluation }, schema: { querystring: hubPageQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const choice = await chooseHub(db, principal, request.query.hub);
      const asked = askForHub(reply, choice, {
        pageTitle: 'Evaluation of a hub’s activity',
        action: paths.evaluation.hub,
      });
      if (asked) return asked;
      const hub = choice.hub!;
      const yearCode = parseAcademicYear(request.query.year) ?? currentAcademicYear();
      const [rows, years, reports] = await Promise.all([
        evaluationRows(db, { yearCode, hubId: hub.id }),
        yearOptions(db),
        reportSummary(db, { hubId: hub.id, yearCode }),
      ]);
      return reply.render('modules/evaluation/views/overview-hub.njk', {
        pageTitle: `Evaluation: ${hub.name}, ${yearCode}`,
        hub,
        hubChoices: hubSlugToKeep(principal, choice) ? choice.options : [],
        yearCode,
        years: yearControlItems(years, yearCode),
        yearValue: yearSlug(yearCode),
        rows: rows.map(rowView),
        totals: totalsView(rows),
        reports,
      });
    },
  );

  r.get(
    paths.evaluation.ncp,
    { config: { access: canViewNcpEvaluation }, schema: { querystring: ncpPageQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const scope = hubScopeOf(principal);
      const ownNcps = ncpScopeOf(principal);
      const yearCode = parseAcademicYear(request.query.year) ?? currentAcademicYear();
      const [allChoices, years] = await Promise.all([evaluationNcpChoices(db, yearCode), yearOptions(db)]);
      // An NCP's own team (without a hub scope) choose among their NCPs only; another is "not found".
      const choices = hasHubScope(scope) ? allChoices : allChoices.filter((c) => ownNcps.includes(c.key));
      if (request.query.ncp && !hasHubScope(scope) && !ownNcps.includes(request.query.ncp))
        throw new NotFoundError('There is no such NCP');
      const ncpKey =
        request.query.ncp && choices.some((c) => c.key === request.query.ncp)
          ? request.query.ncp
          : !hasHubScope(scope) && choices.length === 1
            ? choices[0]!.key
            : null;
      // Hub leadership see their own hubs' activities of the NCP; the national team and the NCP's own
      // team (Project Lead, Coordination Team) every hub's.
      const rows = ncpKey
        ? await evaluationRows(db, {
            yearCode,
            ncpKey,
            hubIds: scope.kind === 'hubs' && !ownNcps.includes(ncpKey) ? scope.hubIds : undefined,
          })
        : [];
      const byHub = new Map<number, typeof rows>();
      for (const row of rows) byHub.set(row.hubId, [...(byHub.get(row.hubId) ?? []), row]);
      return reply.render('modules/evaluation/views/overview-ncp.njk', {
        pageTitle: ncpKey ? `Evaluation: NCP ${ncpKey}, ${yearCode}` : `Evaluation of an NCP, ${yearCode}`,
        yearCode,
        years: yearControlItems(years, yearCode),
        yearValue: yearSlug(yearCode),
        ncpKey,
        ncpItems: [
          { value: '', text: 'Choose an NCP' },
          ...choices.map((c) => ({ value: c.key, text: `${c.code}: ${c.title}` })),
        ],
        ncp: choices.find((c) => c.key === ncpKey) ?? null,
        hubs: [...byHub.values()].map((hubRows) => ({
          hubName: hubRows[0]!.hubName,
          hubId: hubRows[0]!.hubId,
          totals: totalsView(hubRows),
        })),
        totals: totalsView(rows),
        national: scope.kind === 'all' || (ncpKey !== null && ownNcps.includes(ncpKey)),
      });
    },
  );
}
