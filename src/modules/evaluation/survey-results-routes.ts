import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubQuery, idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { canReadNationally, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { activityFor } from '../activities/load-activity.ts';
import { canOpenActivities } from '../activities/policy.ts';
import { listHref } from '../hubs/admin-lists.ts';
import { chooseHub, hubChoiceItems, hubOptionsFor, hubSlugToKeep } from '../hubs/choose-hub.ts';
import { askForHub } from '../hubs/choose-hub-page.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { yearFromSlug, yearSlug } from '../journeys/journey-rules.ts';
import { canViewEvaluation, ncpScopeOf } from './policy.ts';
import { surveyAnswers } from './survey-results-answers.ts';
import { beforeAfter, type ResultGroup, type ResultScope } from './survey-results-before-after.ts';
import { surveyNcpOptions } from './survey-results-ncps.ts';
import {
  answersView,
  changeCharts,
  changeLines,
  changeSheet,
  surveyKindNames,
  surveyKindPhrases,
  surveyKindShown,
} from './survey-results-view.ts';
import { ncpKeyOf, type SurveyKind, surveyKinds } from './survey-schema.ts';

const resultsQuery = z.object({
  year: z.string().max(12).optional().catch(undefined),
  ncp: z
    .string()
    .regex(/^[0-9]{2}[a-z]?$/)
    .optional()
    .catch(undefined),
  hub: hubQuery,
  // Without a kind (or with one not known), the latest participant survey issued (surveyKindShown).
  kind: z.enum(surveyKinds).optional().catch(undefined),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});
type ResultsQuery = z.infer<typeof resultsQuery>;

const activityQuery = resultsQuery.pick({ kind: true, format: true });

/** The survey results of an NCP across hubs: the national team, and the NCP's own team (their NCPs). */
const canSeeNcpSurveyResults = (p: Principal | null) => canReadNationally(p) || ncpScopeOf(p).length > 0;

/**
 * The results of the national surveys, each page in its own scope: the NCP across hubs (the national
 * team), one hub (its leadership; national staff choose a hub), one activity (its leads, its hub's
 * leadership, the national team). The same reads serve the page and its downloads.
 */
export function registerSurveyResultRoutes(app: FastifyInstance, services: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;

  /** The year, the NCP and the options of the year and NCP controls. */
  async function controls(q: ResultsQuery, onlyNcps: readonly string[] | null = null) {
    const yearCode = (q.year ? yearFromSlug(q.year) : null) ?? currentAcademicYear();
    const [years, offered] = await Promise.all([yearOptions(db), surveyNcpOptions(db, yearCode)]);
    const ncps = onlyNcps ? offered.filter((n) => onlyNcps.includes(n.key)) : offered;
    const ncp = ncps.find((n) => n.key === q.ncp) ?? ncps[0] ?? null;
    const allYears = years.includes(yearCode) ? years : [...years, yearCode].sort().reverse();
    return {
      yearCode,
      ncp,
      yearItems: allYears.map((y) => ({ value: yearSlug(y), text: y })),
      ncpItems: ncps.map((n) => ({ value: n.key, text: n.title })),
      kindItems: surveyKinds.map((k) => ({ value: k, text: surveyKindNames[k] })),
    };
  }

  /**
   * The page's before/after, charts and answers (of the survey asked for, else of the latest issued in the
   * year and scope, as `kind`), or its download.
   */
  async function results(
    reply: FastifyReply,
    input: {
      ncpKey: string;
      yearCode: string;
      kind: SurveyKind | undefined;
      format: 'html' | 'csv' | 'xlsx';
      scope: ResultScope;
      groupBy: ResultGroup;
      wholeName: string;
      groupWord: string;
      fileName: string;
    },
  ) {
    // The participants' early and summer answers are read for the completion and the statements' wording,
    // and serve as the answers shown too; another kind's (the LLMEs') only when the page asks for it.
    const [rows, early, summer, llme] = await Promise.all([
      beforeAfter(db, input),
      surveyAnswers(db, { ...input, kind: 'participant_early' }),
      surveyAnswers(db, { ...input, kind: 'participant_summer' }),
      input.format === 'html' && input.kind === 'llme_end_of_year'
        ? surveyAnswers(db, { ...input, kind: 'llme_end_of_year' })
        : null,
    ]);
    const statements = new Map(
      [...early.questions, ...summer.questions].map((q) => [q.key, q.text] as [string, string]),
    );
    const lines = changeLines(rows, input.wholeName, statements);
    if (input.format !== 'html')
      return {
        download: await sendTable(
          reply,
          input.format,
          input.fileName,
          changeSheet(`Before and after ${input.yearCode}`, input.groupBy, lines),
        ),
      };
    const kind = input.kind ?? surveyKindShown(summer);
    const answers = kind === 'participant_early' ? early : kind === 'participant_summer' ? summer : llme!;
    return {
      lines,
      charts: await changeCharts(lines, input.wholeName, input.groupWord),
      answers: answersView(answers),
      kind,
      kindPhrase: surveyKindPhrases[kind],
      completion: { early: answersView(early), summer: answersView(summer) },
    };
  }

  typed.get(
    paths.evaluation.surveys.results,
    { config: { access: canSeeNcpSurveyResults }, schema: { querystring: resultsQuery } },
    async (request, reply) => {
      const q = request.query;
      const principal = requirePrincipal(request);
      // The national team see every NCP; an NCP's own team (Project Lead, Coordination Team) theirs.
      const ownNcps = canReadNationally(principal) ? null : ncpScopeOf(principal);
      if (ownNcps && q.ncp && !ownNcps.includes(q.ncp)) throw new NotFoundError('There is no such NCP');
      const [c, hubs] = await Promise.all([controls(q, ownNcps), hubOptionsFor(db, principal)]);
      const view = c.ncp
        ? await results(reply, {
            ncpKey: c.ncp.key,
            yearCode: c.yearCode,
            kind: q.kind,
            format: q.format,
            scope: { kind: 'all' },
            groupBy: 'hub',
            wholeName: 'England',
            groupWord: 'hub',
            fileName: `survey-before-after-ncp-${c.ncp.key}-${yearSlug(c.yearCode)}`,
          })
        : null;
      if (view && 'download' in view) return view.download;
      // The survey shown, which the kind control marks and the links carry.
      const kind = view?.kind ?? q.kind ?? surveyKindShown(null);
      const link = (format: string) =>
        listHref(paths.evaluation.surveys.results, {
          year: yearSlug(c.yearCode),
          ncp: c.ncp?.key,
          kind,
          format,
        });
      return reply.render('modules/evaluation/views/survey-results-ncp.njk', {
        pageTitle: c.ncp ? `Survey results: ${c.ncp.title}, ${c.yearCode}` : 'Survey results',
        ...c,
        kind,
        view,
        hubItems: hubChoiceItems({ options: hubs }, null),
        downloads: { csv: link('csv'), xlsx: link('xlsx') },
      });
    },
  );

  typed.get(
    paths.evaluation.surveys.hubResults,
    { config: { access: canViewEvaluation }, schema: { querystring: resultsQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      // Another hub's slug is "not found" (the one hub chooser).
      const choice = await chooseHub(db, principal, q.hub);
      // National staff who have not chosen a hub start from the NCP across hubs (which offers each hub).
      if (!choice.hub && canReadNationally(principal))
        return reply.redirect(
          listHref(paths.evaluation.surveys.results, { year: q.year, ncp: q.ncp, kind: q.kind }),
        );
      const asked = askForHub(reply, choice, {
        pageTitle: 'Survey results of a hub',
        action: paths.evaluation.surveys.hubResults,
      });
      if (asked) return asked;
      const hub = choice.hub!;
      const c = await controls(q);
      const view = c.ncp
        ? await results(reply, {
            ncpKey: c.ncp.key,
            yearCode: c.yearCode,
            kind: q.kind,
            format: q.format,
            scope: { kind: 'hub', hubId: hub.id },
            groupBy: 'activity',
            wholeName: hub.name,
            groupWord: 'activity',
            fileName: `survey-before-after-${hub.slug}-ncp-${c.ncp.key}-${yearSlug(c.yearCode)}`,
          })
        : null;
      if (view && 'download' in view) return view.download;
      const kind = view?.kind ?? q.kind ?? surveyKindShown(null);
      const keep = hubSlugToKeep(principal, choice);
      const link = (format: string) =>
        listHref(paths.evaluation.surveys.hubResults, {
          hub: keep,
          year: yearSlug(c.yearCode),
          ncp: c.ncp?.key,
          kind,
          format,
        });
      return reply.render('modules/evaluation/views/survey-results-hub.njk', {
        pageTitle: c.ncp ? `Survey results: ${hub.name}, ${c.ncp.title}, ${c.yearCode}` : 'Survey results',
        ...c,
        hub,
        keepHub: keep,
        hubItems: choice.options.length > 1 ? hubChoiceItems(choice, null) : [],
        kind,
        view,
        downloads: { csv: link('csv'), xlsx: link('xlsx') },
      });
    },
  );

  typed.get(
    paths.evaluation.surveys.activityResults(),
    {
      config: { access: canOpenActivities },
      schema: { params: z.object({ id: idParam }), querystring: activityQuery },
    },
    async (request, reply) => {
      // Its leads, its hub's leadership and the national team; anyone else: "not found".
      const loaded = await activityFor(db, requirePrincipal(request), request.params.id, 'view');
      const { activity, ncp } = loaded;
      const q = request.query;
      const view = await results(reply, {
        ncpKey: ncpKeyOf(ncp.code),
        yearCode: activity.yearCode,
        kind: q.kind,
        format: q.format,
        scope: { kind: 'activity', activityId: activity.id },
        groupBy: 'person',
        wholeName: activity.title,
        groupWord: 'participant',
        fileName: `survey-before-after-activity-${activity.id}`,
      });
      if ('download' in view) return view.download;
      const link = (format: string) =>
        listHref(paths.evaluation.surveys.activityResults(activity.id), { kind: view.kind, format });
      return reply.render('modules/evaluation/views/survey-results-activity.njk', {
        pageTitle: `Survey results: ${activity.title}`,
        activity,
        ncp,
        hub: loaded.hub,
        kind: view.kind,
        kindItems: surveyKinds.map((k) => ({ value: k, text: surveyKindNames[k] })),
        view,
        downloads: { csv: link('csv'), xlsx: link('xlsx') },
      });
    },
  );
}
