import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import {
  coauthorChoices,
  contentOf,
  loadReport,
  ncpChoices,
  outside,
  ownerChoices,
  yearChoices,
} from './report-reads.ts';
import { draftProblems, publishProblems, type ReportContent } from './report-rules.ts';
import {
  evaluationReportActions,
  evaluationReportCoauthors,
  evaluationReportEvidence,
  evaluationReports,
  evaluationReportThemes,
} from './report-schema.ts';

/**
 * Writing an evaluation report: starting one (a hub's, or an NCP's by the national team), saving its
 * draft (against lost writes: the version the form was made from), and publishing it, which makes each
 * implication an action (its owner and due date required). A published report no longer changes: its
 * actions are followed up (follow-up-action.ts). Every change is in the event log.
 */

const counts = (c: ReportContent) => ({
  themes: c.themes.length,
  implications: c.themes.reduce((n, t) => n + t.implications.length, 0),
  evidence: c.evidence.length,
  coauthorPersonIds: c.coauthorPersonIds,
});

/** Every rule of a save that needs the database: the year, the NCP family, owners and co-authors. */
async function problemsOf(tx: Executor, hubId: number | null, c: ReportContent): Promise<FieldError[]> {
  const problems = draftProblems(c);
  // One after another: `tx` is one connection.
  const years = await yearChoices(tx);
  const ncps = await ncpChoices(tx);
  const owners = await ownerChoices(tx, hubId);
  const coauthors = await coauthorChoices(tx, hubId);
  if (!years.includes(c.yearCode)) problems.push({ field: 'yearCode', message: 'Choose the academic year' });
  if (c.ncpKey !== null && !ncps.some((n) => n.key === c.ncpKey))
    problems.push({ field: 'ncpKey', message: 'Choose an NCP of the catalogue' });
  if (hubId === null && c.ncpKey === null)
    problems.push({ field: 'ncpKey', message: 'Choose the NCP the national report is about' });
  c.themes.forEach((t, i) => {
    t.implications.forEach((imp, j) => {
      if (imp.ownerPersonId !== null && outside([imp.ownerPersonId], owners).length)
        problems.push({
          field: `theme-${i}-implication-${j}-owner`,
          message: `Theme ${i + 1}, implication ${j + 1}: the owner must be ${hubId === null ? 'national staff' : 'hub leadership or an LLME of the hub'}`,
        });
    });
  });
  if (outside(c.coauthorPersonIds, coauthors).length)
    problems.push({ field: 'coauthors', message: 'Co-authors must be LLMEs of the hub' });
  return problems;
}

async function writeParts(tx: Executor, reportId: number, c: ReportContent): Promise<void> {
  await tx.delete(evaluationReportThemes).where(eq(evaluationReportThemes.reportId, reportId));
  await tx.delete(evaluationReportEvidence).where(eq(evaluationReportEvidence.reportId, reportId));
  await tx.delete(evaluationReportCoauthors).where(eq(evaluationReportCoauthors.reportId, reportId));
  for (const [i, theme] of c.themes.entries()) {
    const [row] = await tx
      .insert(evaluationReportThemes)
      .values({ reportId, position: i, finding: theme.finding })
      .returning({ id: evaluationReportThemes.id });
    if (theme.implications.length)
      await tx.insert(evaluationReportActions).values(
        theme.implications.map((imp, j) => ({
          reportId,
          themeId: row!.id,
          position: j,
          implication: imp.text,
          ownerPersonId: imp.ownerPersonId,
          dueOn: imp.dueOn,
        })),
      );
  }
  if (c.evidence.length)
    await tx.insert(evaluationReportEvidence).values(
      c.evidence.map((e, k) => ({
        reportId,
        position: k,
        kind: e.kind,
        address: e.address,
        label: e.label,
      })),
    );
  if (c.coauthorPersonIds.length)
    await tx
      .insert(evaluationReportCoauthors)
      .values([...new Set(c.coauthorPersonIds)].map((personId) => ({ reportId, personId })));
}

const fields = (c: ReportContent) => ({
  title: c.title,
  yearCode: c.yearCode,
  ncpKey: c.ncpKey,
  researchQuestions: c.researchQuestions,
  context: c.context,
  activityAndData: c.activityAndData,
  conclusion: c.conclusion,
});

/** Starts a report as a draft: a hub's (`hubId`) or an NCP's national report (`hubId` null, `ncpKey` given). */
export async function startReport(
  db: Executor,
  actor: Actor,
  input: { hubId: number | null; content: ReportContent },
): Promise<{ reportId: number }> {
  return db.transaction(async (tx) => {
    const c = input.content;
    const problems = await problemsOf(tx, input.hubId, c);
    if (problems.length) throw new ValidationError(problems);
    const [row] = await tx
      .insert(evaluationReports)
      .values({ hubId: input.hubId, ...fields(c) })
      .returning({ id: evaluationReports.id });
    await writeParts(tx, row!.id, c);
    await recordEvent(tx, actor, {
      action: 'evaluation_report.created',
      subjectType: 'evaluation_report',
      subjectId: row!.id,
      hubId: input.hubId,
      changes: { title: c.title, hubId: input.hubId, ncpKey: c.ncpKey, yearCode: c.yearCode, ...counts(c) },
    });
    return { reportId: row!.id };
  });
}

async function lockedDraft(tx: Executor, reportId: number) {
  const [row] = await tx
    .select()
    .from(evaluationReports)
    .where(eq(evaluationReports.id, reportId))
    .for('update');
  if (!row) throw new NotFoundError('There is no such evaluation report');
  if (row.status !== 'draft')
    throw new ConflictError('This report has been published: it can no longer be changed');
  return row;
}

/** Saves a draft's content, if nobody saved it since the form was made (`version`). */
export async function saveDraft(
  db: Executor,
  actor: Actor,
  input: { reportId: number; version: number; content: ReportContent },
): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const row = await lockedDraft(tx, input.reportId);
    assertVersion(input.version, row.version);
    const c = input.content;
    const problems = await problemsOf(tx, row.hubId, c);
    if (problems.length) throw new ValidationError(problems);
    const version = await updateAtVersion(tx, evaluationReports, row.id, input.version, {
      ...fields(c),
      updatedAt: sql`now()`,
    });
    await writeParts(tx, row.id, c);
    await recordEvent(tx, actor, {
      action: 'evaluation_report.updated',
      subjectType: 'evaluation_report',
      subjectId: row.id,
      hubId: row.hubId,
      changes: { title: c.title, ncpKey: c.ncpKey, yearCode: c.yearCode, version, ...counts(c) },
    });
    return { version };
  });
}

/** Publishes a finished draft: its implications become open actions with their owners. */
export async function publishReport(
  db: Executor,
  actor: Actor,
  input: { reportId: number; version: number },
): Promise<{ actionIds: number[] }> {
  return db.transaction(async (tx) => {
    const row = await lockedDraft(tx, input.reportId);
    assertVersion(input.version, row.version);
    const loaded = await loadReport(tx, row.id);
    const c = contentOf(loaded!);
    const problems = [...publishProblems(c), ...(await problemsOf(tx, row.hubId, c))];
    if (problems.length) throw new ValidationError(problems);
    await updateAtVersion(tx, evaluationReports, row.id, input.version, {
      status: 'published',
      publishedAt: sql`now()`,
      updatedAt: sql`now()`,
    });
    const actions = await tx
      .update(evaluationReportActions)
      .set({ status: 'open' })
      .where(and(eq(evaluationReportActions.reportId, row.id)))
      .returning({ id: evaluationReportActions.id, owner: evaluationReportActions.ownerPersonId });
    await recordEvent(tx, actor, {
      action: 'evaluation_report.published',
      subjectType: 'evaluation_report',
      subjectId: row.id,
      hubId: row.hubId,
      changes: {
        title: row.title,
        actionIds: actions.map((a) => a.id).sort((a, b) => a - b),
        ownerPersonIds: [...new Set(actions.map((a) => a.owner).filter((o): o is number => o !== null))],
      },
    });
    return { actionIds: actions.map((a) => a.id) };
  });
}
