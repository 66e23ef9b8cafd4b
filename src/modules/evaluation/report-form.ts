import type { FastifyReply } from 'fastify';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import type { FieldError } from '../../platform/errors.ts';
import { coauthorChoices, ncpChoices, ownerChoices, yearChoices } from './report-reads.ts';
import { evidenceKindNames, type FormRows } from './report-rules.ts';
import { evidenceKinds } from './report-schema.ts';

/** What the report form shows besides its rows: where it posts, whose report it is, its version. */
export interface ReportFormPage {
  action: string;
  heading: string;
  backHref: string;
  /** The hub whose report it is (its id and name), or null for an NCP's national report. */
  hub: { id: number; name: string } | null;
  version: number | null;
  values: {
    title: string;
    yearCode: string;
    ncpKey: string;
    context: string;
    activityAndData: string;
    conclusion: string;
  };
  rows: FormRows;
  errors: FieldError[];
  /** Someone else saved the draft since this form was made: a message above the form. */
  stale?: boolean;
  status?: number;
}

const options = (items: { value: string; text: string }[], chosen: string, blank: string | null) => [
  ...(blank === null ? [] : [{ value: '', text: blank, selected: chosen === '' }]),
  ...items.map((i) => ({ ...i, selected: i.value === chosen })),
];

/** The report form, rendered with its choices (years, NCPs, owners, co-authors) read for its hub. */
export async function renderReportForm(db: Executor, reply: FastifyReply, page: ReportFormPage) {
  const hubId = page.hub?.id ?? null;
  const [years, ncps, owners, coauthors] = await readsAtOnce(db, [
    () => yearChoices(db),
    () => ncpChoices(db),
    () => ownerChoices(db, hubId),
    () => coauthorChoices(db, hubId),
  ]);

  const ownerItems = owners.map((o) => ({ value: String(o.id), text: o.name }));
  const year = page.values.yearCode || academicYearOf(todayInEngland());
  return reply.code(page.status ?? 200).render('modules/evaluation/views/report-form.njk', {
    pageTitle: page.heading,
    ...page,
    errors: page.errors.map((e) => ({ text: e.message, href: `#${e.field}`, ...e })),

    yearItems: options(
      years.map((y) => ({ value: y, text: y })),
      year,
      null,
    ),
    ncpItems: options(
      ncps.map((n) => ({ value: n.key, text: `${n.key}: ${n.title}` })),
      page.values.ncpKey,
      page.hub ? 'Not about one NCP' : 'Choose the NCP',
    ),
    themes: page.rows.themes.map((t) => ({
      ...t,
      implications: t.implications.map((imp) => ({
        ...imp,
        ownerItems: options(ownerItems, imp.owner, 'Choose the owner'),
      })),
    })),
    evidence: page.rows.evidence.map((e) => ({
      ...e,
      kindItems: options(
        evidenceKinds.map((k) => ({ value: k, text: evidenceKindNames[k] })),
        e.kind,
        'Choose the kind',
      ),
    })),
    coauthorItems: coauthors.map((c) => ({
      value: String(c.id),
      text: c.name,
      checked: page.rows.coauthors.includes(String(c.id)),
    })),
  });
}
