import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Column } from '../../platform/cli-output.ts';
import { sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { yearControlItems } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { summariseActivities } from '../activities/list-activities.ts';
import { listHref, pageOf, paginationFor } from '../hubs/admin-lists.ts';
import { chooseHub, type HubOption, hubSlugToKeep } from '../hubs/choose-hub.ts';
import { askForHub } from '../hubs/choose-hub-page.ts';
import { programmeFunnels, tfmFunnels } from '../journeys/funnels.ts';
import { yearSlug } from '../journeys/journey-rules.ts';
import { canRefer } from '../targeted-support/policy.ts';
import { specialistsByHub } from './annual-figures.ts';
import { type AnnualReport, buildAnnualReport, oneYearFigures, previousYear } from './annual-report.ts';
import { barChart, type Chart, trendChart, withIds } from './charts.ts';
import { LLMES_PER_HUB_AMBITION } from './figure-definitions.ts';
import { type ColdSpot, coldSpots, engagementByArea, HIGH_FSM_PERCENT } from './hub-dashboard.ts';
import { registerHubsComparedRoutes } from './hubs-compared-routes.ts';
import { canViewHubDashboards, canViewNationalReport } from './policy.ts';
import { chartDataOf, reportCsv, reportFileName, reportPdf, reportWorkbook } from './report-exports.ts';
import { headlineChange } from './report-words.ts';
import { chosenYear } from './report-years.ts';

const PAGE_SIZE = 50;

// 2023-24 or 2023/24 (read by yearFromSlug, the one year parser).
const yearQuery = z.string().max(12).optional().catch(undefined);

const reportQuery = z.object({
  year: yearQuery,
  format: z.enum(['html', 'pdf', 'xlsx', 'csv']).catch('html'),
});

const dashboardQuery = z.object({
  hub: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9-]*$/)
    .catch(''),
  year: yearQuery,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

/** The report's charts, each with the table that holds the same figures. */
async function reportCharts(
  report: AnnualReport,
): Promise<{ chart: Chart; table: AnnualReport['tables'][number] }[]> {
  const charts = [];
  for (const [i, table] of report.tables.entries()) {
    const { data, unit } = chartDataOf(table);
    const chart = await barChart(table.caption, data, unit);
    charts.push({ chart: withIds(chart, `chart-${i + 1}`), table });
  }
  return charts;
}

/** The trend over every year with data, as a chart (its table is on the page below it). */
async function trendChartOf(report: AnnualReport): Promise<Chart | null> {
  const { years, figures } = report.trend;
  if (years.length < 2) return null;
  const data = figures.flatMap((f) =>
    years.map((year, i) => ({ year, figure: f.label, value: f.values[i]! })),
  );
  return withIds(await trendChart(`The key figures, ${years[0]} to ${years.at(-1)}`, data), 'trend');
}

async function sendReport(reply: FastifyReply, report: AnnualReport, format: 'pdf' | 'xlsx' | 'csv') {
  const name = reportFileName(report);
  if (format === 'csv')
    return reply
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(reportCsv(report));
  if (format === 'xlsx')
    return reply
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await reportWorkbook(report));
  return reply
    .header('content-disposition', `attachment; filename="${name}.pdf"`)
    .type('application/pdf')
    .send(await reportPdf(report));
}

const coldSpotColumns: Column<ColdSpot>[] = [
  { header: 'URN', value: (r) => r.urn },
  { header: 'School', value: (r) => r.name },
  { header: 'Phase', value: (r) => r.phase },
  { header: 'Local authority', value: (r) => r.laName },
  { header: 'District', value: (r) => r.districtName },
  { header: 'Free school meals (%)', value: (r) => r.percentageFsm },
  { header: `High FSM (${HIGH_FSM_PERCENT}% or more)`, value: (r) => (r.highFsm ? 'Yes' : 'No') },
  { header: 'Targeted Support', value: (r) => (r.targetedSupport ? 'Yes' : 'No') },
];

/** The figures a hub sees beside the national ones. */
const DASHBOARD_FIGURES = [
  'schools_engaged',
  'primary_engaged',
  'secondary_engaged',
  'post_16_engaged',
  'primary_tfm',
  'secondary_tfm_development',
  'secondary_tfm_embedding_sustaining',
  'mastering_number_reception_ks1',
  'mastering_number_ks2',
  'primary_sktm',
  'targeted_support',
  'riwg_schools',
  'llmes',
  'mastery_specialists',
];

/** The national annual report and the hubs' dashboards. */
export function registerReportingRoutes(app: FastifyInstance, services: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  registerHubsComparedRoutes(app, services);

  typed.get(
    paths.reports.annual,
    { config: { access: canViewNationalReport }, schema: { querystring: reportQuery } },
    async (request, reply) => {
      const { yearCode, years, hasData } = await chosenYear(services, request.query.year);
      const report = await buildAnnualReport(services.db, { yearCode });
      if (request.query.format !== 'html') return sendReport(reply, report, request.query.format);
      const download = (format: string) =>
        listHref(paths.reports.annual, { year: yearSlug(yearCode), format });
      return reply.render('modules/reporting/views/annual-report.njk', {
        pageTitle: `Maths Hubs Programme annual report ${yearCode}`,
        report,
        headlineChange,
        charts: await reportCharts(report),
        trendChart: await trendChartOf(report),
        hasData,
        years: yearControlItems(years, yearCode),
        yearValue: yearSlug(yearCode),
        downloads: { pdf: download('pdf'), xlsx: download('xlsx'), csv: download('csv') },
        hubsComparedHref: listHref(paths.reports.hubsCompared, { year: yearSlug(yearCode) }),
      });
    },
  );

  typed.get(
    paths.reports.hubDashboard,
    { config: { access: canViewHubDashboards }, schema: { querystring: dashboardQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      // Another hub's slug is "not found" (the one hub chooser, `hubs/choose-hub.ts`).
      const choice = await chooseHub(services.db, principal, q.hub);
      const asked = askForHub(reply, choice, {
        pageTitle: 'Hub dashboard',
        action: paths.reports.hubDashboard,
      });
      if (asked) return asked;
      const hub = choice.hub!;
      const { yearCode, years } = await chosenYear(services, q.year);
      const cold = await coldSpots(services.db, { hubId: hub.id, yearCode });
      if (q.format !== 'html') {
        return sendTable(reply, q.format, `${hub.slug}-cold-spots-${yearSlug(yearCode)}`, {
          name: `Cold spots ${yearCode}`,
          columns: coldSpotColumns,
          rows: cold,
        });
      }
      return reply.render(
        'modules/reporting/views/hub-dashboard.njk',
        await dashboardView(services, {
          hub,
          options: choice.options,
          linkHub: hubSlugToKeep(principal, choice),
          yearCode,
          years,
          cold,
          page: q.page,
          mayRefer: canRefer(principal),
        }),
      );
    },
  );
}

async function dashboardView(
  services: Services,
  v: {
    hub: HubOption;
    options: HubOption[];
    /** The hub's slug for the page's links, or '' (`hubSlugToKeep`). */
    linkHub: string;
    yearCode: string;
    years: string[];
    cold: ColdSpot[];
    page: number;
    /** Whether the person refers schools for Targeted Support (a link on each cold spot). */
    mayRefer: boolean;
  },
) {
  const { db } = services;
  const { hub, yearCode } = v;
  // Independent reads, each on its own pooled connection.
  const [hubFigures, nationalFigures, byHub, areas, activities, programme, tfm] = await Promise.all([
    oneYearFigures(db, { yearCode, hubId: hub.id }),
    oneYearFigures(db, { yearCode }),
    specialistsByHub(db, { yearCode, hubId: hub.id }),
    engagementByArea(db, { hubId: hub.id, yearCode }),
    summariseActivities(db, { hubId: hub.id, yearCode }),
    programmeFunnels(db, { hubId: hub.id, yearCode: previousYear(yearCode) }),
    tfmFunnels(db, { hubId: hub.id, yearCode: previousYear(yearCode) }),
  ]);
  const national = new Map(nationalFigures.map((f) => [f.key, f]));
  const { linkHub } = v;
  const linkQuery = { hub: linkHub, year: yearSlug(yearCode) };
  const page = pageOf(v.cold, v.page, PAGE_SIZE);
  const specialists = byHub[0];
  return {
    pageTitle: `${hub.name} dashboard ${yearCode}`,
    hub,
    yearCode,
    hubChoices: linkHub ? v.options : [],
    years: yearControlItems(v.years, yearCode),
    yearValue: yearSlug(yearCode),
    figures: hubFigures
      .filter((f) => DASHBOARD_FIGURES.includes(f.key))
      .map((f) => ({ ...f, national: national.get(f.key) })),
    specialists,
    ambition: LLMES_PER_HUB_AMBITION,
    areas,
    coldTotal: v.cold.length,
    coldHighFsm: v.cold.filter((c) => c.highFsm).length,
    coldTargeted: v.cold.filter((c) => c.targetedSupport).length,
    cold: page.items,
    pagination: paginationFor(paths.reports.hubDashboard, linkQuery, page),
    csvHref: listHref(paths.reports.hubDashboard, linkQuery, { format: 'csv' }),
    xlsxHref: listHref(paths.reports.hubDashboard, linkQuery, { format: 'xlsx' }),
    highFsm: HIGH_FSM_PERCENT,
    activities,
    funnels: [...programme, ...tfm],
    funnelYear: previousYear(yearCode),
    journeyHref: (urn: number) => listHref(paths.myHub.school(urn), { year: yearSlug(yearCode) }),
    referHref: v.mayRefer
      ? (urn: number) => listHref(paths.targetedSupport.refer, { school: urn, from: 'cold_spots' })
      : null,
    funnelsHref: listHref(paths.myHub.funnels, { hub: linkHub }),
    schoolsHref: listHref(paths.myHub.schools, linkQuery),
  };
}
