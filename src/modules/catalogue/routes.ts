import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { StaleEditError, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { sendTable } from '../../platform/exports.ts';
import { fieldError, formState } from '../../platform/form-errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { academicYearParam, ncpCodeParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { accreditationKinds } from '../people/roles.ts';
import { academicYearSchema, codeForYear, yearFromSlug, yearToSlug } from './catalogue-file.ts';
import { copyCatalogueForward } from './copy-catalogue-forward.ts';
import { ncpPhaseNames, ncpTypeNames, participationNames } from './labels.ts';
import { findNcp, getNcp, listAcademicYears, listCatalogueYears, listNcps, type Ncp } from './list-ncps.ts';
import { ncpComparedFields, ncpFormValues, sectionFields } from './ncp-form.ts';
import { canChangeCatalogue, canReadCatalogue } from './policy.ts';
import { accreditationNames, describeRules, parseRules, strandName, tfmStageNames } from './rules.ts';
import { ncpPhases, ncpTypes, participationLevels, tfmStages } from './schema.ts';
import { updateNcp } from './update-ncp.ts';

const yearParams = z.object({ year: academicYearParam });
const ncpParams = yearParams.extend({ code: ncpCodeParam });

const listQuery = z.object({
  phase: z.enum(['', ...ncpPhases]).catch(''),
  type: z.enum(['', ...ncpTypes]).catch(''),
  participation: z.enum(['', ...participationLevels]).catch(''),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

/** The academic year of an address (`2023-24`), or 404. */
function yearOf(slug: string): string {
  const year = yearFromSlug(slug);
  if (!/^\d{4}-\d{2}$/.test(slug) || !academicYearSchema.safeParse(year).success)
    throw new NotFoundError('There is no such academic year');
  return year;
}

const phasesText = (ncp: Ncp) => ncp.phases.map((p) => ncpPhaseNames[p]).join(', ');

/** The catalogue as a download: one row per NCP. */
const exportColumns = [
  { header: 'Code', value: (n: Ncp) => n.code },
  { header: 'Title', value: (n: Ncp) => n.title },
  { header: 'Phases', value: phasesText },
  { header: 'Type', value: (n: Ncp) => ncpTypeNames[n.type] },
  { header: 'Participation', value: (n: Ncp) => participationNames[n.participation] },
  { header: 'Strand', value: (n: Ncp) => n.strand },
  {
    header: 'Completes TfM stage',
    value: (n: Ncp) => (n.completesTfmStage ? tfmStageNames[n.completesTfmStage] : null),
  },
  { header: 'Next phase', value: (n: Ncp) => n.nextNcpCode },
  { header: 'Rules', value: (n: Ncp) => describeRules(parseRules(n.rules)).join(' ') },
];

/** The NCP as the API gives it. */
const ncpSummarySchema = z.object({
  year: z.string(),
  code: z.string(),
  title: z.string(),
  strand: z.string().nullable(),
  phases: z.array(z.enum(ncpPhases)),
  type: z.enum(ncpTypes),
  participation: z.enum(participationLevels),
  completesTfmStage: z.enum(tfmStages).nullable(),
  nextNcpCode: z.string().nullable(),
  rules: z.record(z.string(), z.unknown()),
  rulesInWords: z.array(z.string()),
});
const text = z.string().optional();
const sectionsSchema = z.object({
  summary: text,
  rationale: text,
  outcomes: z
    .object({
      professionalLearning: text,
      practiceDevelopment: text,
      materials: text,
      wholeSchool: text,
      pupilOutcomes: text,
    })
    .optional(),
  models: text,
  pct: text,
  leads: text,
  participants: text,
  participationData: text,
  nationalWorkshops: text,
  finances: text,
  evaluation: text,
});

const summaryOf = (n: Ncp) => ({
  year: n.yearCode,
  code: n.code,
  title: n.title,
  strand: n.strand,
  phases: n.phases,
  type: n.type,
  participation: n.participation,
  completesTfmStage: n.completesTfmStage,
  nextNcpCode: n.nextNcpCode,
  rules: n.rules,
  rulesInWords: describeRules(parseRules(n.rules)),
});

/** Groups a catalogue by phase, then type, as the handbook lists it (an NCP of two phases is under both). */
function groupByPhaseAndType(rows: Ncp[], phase: string) {
  return ncpPhases
    .filter((p) => !phase || p === phase)
    .map((p) => ({
      phase: p,
      name: ncpPhaseNames[p],
      types: ncpTypes
        .map((t) => ({
          type: t,
          name: ncpTypeNames[t],
          ncps: rows.filter((n) => n.phases.includes(p) && n.type === t),
        }))
        .filter((g) => g.ncps.length),
    }))
    .filter((g) => g.types.length);
}

/** The link to an NCP's next phase: in the next year's catalogue if it has one, else in this one. */
async function nextPhaseOf(db: Services['db'], ncp: Ncp): Promise<{ href: string; label: string } | null> {
  if (!ncp.nextNcpCode) return null;
  const start = Number(ncp.yearCode.slice(0, 4));
  const nextYear = `${start + 1}/${String((start + 2) % 100).padStart(2, '0')}`;
  const inNextYear = await findNcp(db, nextYear, codeForYear(ncp.nextNcpCode, ncp.yearCode, nextYear));
  const target = inNextYear ?? (await findNcp(db, ncp.yearCode, ncp.nextNcpCode));
  if (!target) return { href: '', label: ncp.nextNcpCode };
  return {
    href: paths.catalogue.ncp(yearToSlug(target.yearCode), target.code),
    label: `${target.code} ${target.title} (${target.yearCode})`,
  };
}

const editOptions = {
  phases: ncpPhases.map((value) => ({ value, text: ncpPhaseNames[value] })),
  types: ncpTypes.map((value) => ({ value, text: ncpTypeNames[value] })),
  participation: participationLevels.map((value) => ({ value, text: participationNames[value] })),
  stages: tfmStages.map((value) => ({ value, text: tfmStageNames[value] })),
  accreditations: accreditationKinds.map((value) => ({ value, text: accreditationNames[value] })),
  sectionFields,
};

/** The biggest form state that a cookie carries safely; a bigger one is shown again without a redirect. */
const COOKIE_BUDGET = 3000;

function keptValues(body: Record<string, unknown>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') values[key] = value.slice(0, 20_000);
    else if (Array.isArray(value)) values[key] = value.filter((v) => typeof v === 'string').slice(0, 20);
  }
  return values;
}

/** The national team's catalogue of NCPs by year, and its API. */
export function registerCatalogueRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(paths.catalogue.years, { config: { access: canReadCatalogue } }, async (request, reply) => {
    const [years, knownYears] = await Promise.all([listCatalogueYears(db), listAcademicYears(db)]);
    const latest = years[0]?.year;
    const suggested = latest
      ? `${Number(latest.slice(0, 4)) + 1}/${String((Number(latest.slice(0, 4)) + 2) % 100).padStart(2, '0')}`
      : '';
    return reply.render('modules/catalogue/views/years.njk', {
      pageTitle: 'Catalogue of Network Collaborative Projects',
      years: years.map((y) => ({ ...y, href: paths.catalogue.year(yearToSlug(y.year)) })),
      canChange: canChangeCatalogue(request.principal),
      suggested,
      knownYears,
    });
  });

  typed.post(
    paths.catalogue.copyForward,
    { config: { access: canChangeCatalogue } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        const result = await copyCatalogueForward(db, actorOf(principal), body);
        reply.flash({
          kind: 'success',
          text: `The ${result.from} catalogue has been copied to ${result.to}: ${result.copied} NCPs`,
        });
        return reply.code(303).redirect(paths.catalogue.year(yearToSlug(result.to)));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.formErrors(paths.catalogue.years, formState(error.errors, body, ['from', 'to']));
      }
    },
  );

  typed.get(
    paths.catalogue.year(),
    { config: { access: canReadCatalogue }, schema: { params: yearParams, querystring: listQuery } },
    async (request, reply) => {
      const year = yearOf(request.params.year);
      const all = await listNcps(db, year);
      if (!all.length) throw new NotFoundError(`There is no catalogue for ${year}`);
      const { phase, type, participation, format } = request.query;
      const found = all.filter(
        (n) =>
          (!phase || n.phases.includes(phase)) &&
          (!type || n.type === type) &&
          (!participation || n.participation === participation),
      );
      if (format !== 'html') {
        return sendTable(reply, format, `ncp-catalogue-${yearToSlug(year)}`, {
          name: `NCPs ${year}`,
          columns: exportColumns,
          rows: found,
        });
      }
      const base = paths.catalogue.year(yearToSlug(year));
      const filters = { phase, type, participation };
      return reply.render('modules/catalogue/views/year.njk', {
        pageTitle: `Network Collaborative Projects ${year}`,
        year,
        total: all.length,
        count: found.length,
        groups: groupByPhaseAndType(found, phase),
        query: request.query,
        options: editOptions,
        csvHref: withQuery(base, { ...filters, format: 'csv' }),
        xlsxHref: withQuery(base, { ...filters, format: 'xlsx' }),
        base,
        ncpHref: (code: string) => paths.catalogue.ncp(yearToSlug(year), code),
        participationNames,
      });
    },
  );

  typed.get(
    paths.catalogue.ncp(),
    { config: { access: canReadCatalogue }, schema: { params: ncpParams } },
    async (request, reply) => {
      const year = yearOf(request.params.year);
      const ncp = await getNcp(db, year, request.params.code);
      return reply.render('modules/catalogue/views/ncp.njk', {
        pageTitle: `${ncp.code} ${ncp.title}`,
        ncp,
        year,
        yearHref: paths.catalogue.year(yearToSlug(year)),
        phases: phasesText(ncp),
        typeName: ncpTypeNames[ncp.type],
        participationName: participationNames[ncp.participation],
        stageName: ncp.completesTfmStage ? tfmStageNames[ncp.completesTfmStage] : null,
        strandName: ncp.strand ? strandName(ncp.strand) : null,
        rules: describeRules(parseRules(ncp.rules)),
        nextPhase: await nextPhaseOf(db, ncp),
        sections: sectionView(ncp),
        canChange: canChangeCatalogue(request.principal),
        editHref: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
      });
    },
  );

  const renderEdit = (
    reply: FastifyReply,
    ncp: Ncp,
    year: string,
    values: Record<string, unknown>,
    errors: ReturnType<typeof fieldError>[] | undefined,
  ) =>
    reply.render('modules/catalogue/views/edit-ncp.njk', {
      pageTitle: `Change ${ncp.code}`,
      ncp,
      year,
      form: values,
      ...(errors ? { errors } : {}),
      version: ncp.version,
      options: editOptions,
      ncpHref: paths.catalogue.ncp(yearToSlug(year), ncp.code),
      action: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
    });

  /** A save from an older version refused (409): what someone else saved beside the input, kept in the form. */
  const renderStaleEdit = (reply: FastifyReply, ncp: Ncp, year: string, body: Record<string, unknown>) => {
    const { version: _old, ...yours } = keptValues(body);
    const theirs = ncpFormValues({ ...ncp, rules: parseRules(ncp.rules) });
    return reply.code(409).render('modules/catalogue/views/edit-ncp.njk', {
      pageTitle: `Someone else changed ${ncp.code}`,
      ncp,
      year,
      form: yours,
      version: ncp.version,
      staleEdit: {
        noun: 'NCP',
        rows: staleEditRows(ncpComparedFields, theirs, yours),
        latestHref: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
      },
      options: editOptions,
      ncpHref: paths.catalogue.ncp(yearToSlug(year), ncp.code),
      action: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
    });
  };

  typed.get(
    paths.catalogue.editNcp(),
    { config: { access: canChangeCatalogue }, schema: { params: ncpParams } },
    async (request, reply) => {
      const year = yearOf(request.params.year);
      const ncp = await getNcp(db, year, request.params.code);
      // After a post with errors, the layout's context carries the kept input as `values`.
      return reply.render('modules/catalogue/views/edit-ncp.njk', {
        pageTitle: `Change ${ncp.code}`,
        ncp,
        year,
        record: ncpFormValues({ ...ncp, rules: parseRules(ncp.rules) }),
        version: ncp.version,
        options: editOptions,
        ncpHref: paths.catalogue.ncp(yearToSlug(year), ncp.code),
        action: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
      });
    },
  );

  typed.post(
    paths.catalogue.editNcp(),
    { config: { access: canChangeCatalogue }, schema: { params: ncpParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const year = yearOf(request.params.year);
      const { code } = request.params;
      await getNcp(db, year, code); // an NCP not in the catalogue is not found, before its form is read
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        const version = versionFrom(body);
        const { ncp, changed } = await updateNcp(db, actorOf(principal), { year, code }, body, version);
        reply.flash(
          changed.length
            ? { kind: 'success', text: `${ncp.code} has been updated` }
            : { kind: 'info', text: `You did not change ${ncp.code}` },
        );
        return reply.code(303).redirect(paths.catalogue.ncp(yearToSlug(year), ncp.code));
      } catch (error) {
        if (error instanceof StaleEditError)
          return renderStaleEdit(reply, await getNcp(db, year, code), year, body);
        if (!(error instanceof ValidationError)) throw error;
        const errors = error.errors.map((e) => fieldError(e.field, e.message));
        const values = keptValues(body);
        // Post/redirect/get while the input fits in a cookie; long specification text is shown again at once.
        if (JSON.stringify({ errors, values }).length <= COOKIE_BUDGET)
          return reply.formErrors(paths.catalogue.editNcp(yearToSlug(year), code), { errors, values });
        const ncp = await getNcp(db, year, code);
        reply.code(400);
        return renderEdit(reply, ncp, year, values, errors);
      }
    },
  );

  typed.get(
    paths.api.catalogue(),
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        summary: 'A year’s catalogue of Network Collaborative Projects (the year as 2023-24)',
        params: yearParams,
        response: { 200: z.object({ year: z.string(), ncps: z.array(ncpSummarySchema) }) },
      },
    },
    async (request) => {
      const year = yearOf(request.params.year);
      const rows = await listNcps(db, year);
      if (!rows.length) throw new NotFoundError(`There is no catalogue for ${year}`);
      return { year, ncps: rows.map(summaryOf) };
    },
  );

  typed.get(
    paths.api.ncp(),
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        summary: 'One NCP with its specification (sections A–K) and rules',
        params: ncpParams,
        response: { 200: z.object({ ncp: ncpSummarySchema.extend({ sections: sectionsSchema }) }) },
      },
    },
    async (request) => {
      const year = yearOf(request.params.year);
      const ncp = await getNcp(db, year, request.params.code);
      return { ncp: { ...summaryOf(ncp), sections: ncp.sections } };
    },
  );
}

/** Sections A–K with their headings, the outcomes under the Guskey headings; empty ones left out. */
function sectionView(ncp: Ncp) {
  const s = ncp.sections;
  const o = s.outcomes ?? {};
  const outcomes = [
    ['Professional learning', o.professionalLearning],
    ['Practice development', o.practiceDevelopment],
    ['Development or identification of materials', o.materials],
    ['Whole school/departmental policies and approaches', o.wholeSchool],
    ['Pupil outcomes', o.pupilOutcomes],
  ]
    .filter(([, text]) => text)
    .map(([heading, text]) => ({ heading, text }));
  const all = [
    { letter: 'A', heading: 'Project summary', text: s.summary },
    { letter: 'B', heading: 'Project rationale', text: s.rationale },
    { letter: 'C', heading: 'Outcomes', outcomes: outcomes.length ? outcomes : undefined },
    { letter: 'D', heading: 'Models', text: s.models },
    { letter: 'E', heading: 'Project Co-ordination Team (PCT)', text: s.pct },
    { letter: 'F', heading: 'Leads', text: s.leads },
    { letter: 'G', heading: 'Participants', text: s.participants },
    { letter: 'H', heading: 'Participation data', text: s.participationData },
    {
      letter: 'I',
      heading: 'NCP national workshops, webinars and online communities',
      text: s.nationalWorkshops,
    },
    { letter: 'J', heading: 'Finances', text: s.finances },
    { letter: 'K', heading: 'Reflection, evaluation and reports', text: s.evaluation },
  ];
  return all.filter((x) => x.text || x.outcomes);
}
