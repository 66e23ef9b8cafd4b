import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordEvent, systemActor } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { academicYears, hubs } from '../hubs/schema.ts';
import { activityFacts, claimFacts } from './activity-facts.ts';
import { computeGrant, type GrantCheck, type GrantLine, totalOf } from './compute-grant.ts';
import { formatPence } from './money.ts';
import { rulesForYear } from './rules-for-year.ts';
import {
  grantStatementLines,
  grantStatementRevisions,
  grantStatements,
  type StatementStatus,
} from './schema.ts';

/** A line as a statement states it: new, or an adjustment to what closed statements stated. */
export interface StatedLine extends GrantLine {
  isAdjustment: boolean;
  statedPence: number | null;
}

export interface StatementLineView extends StatedLine {
  statementNumber: number;
}

export interface StatementSummary {
  id: number;
  number: number;
  status: StatementStatus;
  openedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  totalPence: number;
  revisions: { id: number; revision: number; recordedAt: Date; totalPence: number }[];
}

/** A hub's grant for a year: every statement's lines (closed ones frozen, the open one following the records). */
export interface YearStatement {
  hub: { id: number; slug: string; name: string };
  year: string;
  statements: StatementSummary[];
  lines: StatementLineView[];
  totalPence: number;
  checks: GrantCheck[];
}

/**
 * What the open statement should state: each computed line not yet stated, and an adjustment for each
 * line whose amount differs from what the closed statements stated (including lines no longer earned).
 */
export function openStatementLines(
  computed: readonly GrantLine[],
  closed: readonly StatedLine[],
): StatedLine[] {
  const stated = new Map<string, { amount: number; line: StatedLine }>();
  for (const l of closed) {
    const before = stated.get(l.key);
    stated.set(l.key, { amount: (before?.amount ?? 0) + l.amountPence, line: l });
  }
  const out: StatedLine[] = [];
  const seen = new Set<string>();
  for (const line of computed) {
    seen.add(line.key);
    const before = stated.get(line.key);
    if (!before) {
      if (line.amountPence !== 0) out.push({ ...line, isAdjustment: false, statedPence: null });
      continue;
    }
    const delta = line.amountPence - before.amount;
    if (delta === 0) continue;
    out.push({
      ...line,
      amountPence: delta,
      isAdjustment: true,
      statedPence: before.amount,
      explanation: `Adjustment: ${formatPence(before.amount)} stated, now ${formatPence(line.amountPence)} (${line.explanation})`,
    });
  }
  for (const [key, before] of stated) {
    if (seen.has(key) || before.amount === 0) continue;
    out.push({
      ...before.line,
      amountPence: -before.amount,
      isAdjustment: true,
      statedPence: before.amount,
      counts: {},
      items: undefined,
      explanation: `Adjustment: ${formatPence(before.amount)} stated, no longer earned (the activity was cancelled or the rule changed)`,
    });
  }
  return out;
}

const fingerprint = (lines: readonly StatedLine[]) =>
  JSON.stringify(
    lines
      .map((l) => [
        l.key,
        l.amountPence,
        // Key order as jsonb stores it can differ from the computed object's: compare entries sorted.
        Object.entries(l.counts).sort(([a], [b]) => a.localeCompare(b)),
        l.isAdjustment,
        l.statedPence,
        l.explanation,
        l.activityTitle,
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );

type LineRow = typeof grantStatementLines.$inferSelect;
export const fromRow = (r: LineRow): StatedLine => ({
  key: r.lineKey,
  activityId: r.activityId,
  activityTitle: r.activityTitle,
  claimId: r.claimId,
  ncpCode: r.ncpCode,
  ruleKind: r.ruleKind as GrantLine['ruleKind'],
  ruleLabel: r.ruleLabel,
  source: r.source,
  payee: r.payee,
  amountPence: r.amountPence,
  counts: r.counts,
  explanation: r.explanation,
  ...(r.items ? { items: r.items } : {}),
  isAdjustment: r.isAdjustment,
  statedPence: r.statedPence,
});

type RevisionRow = typeof grantStatementRevisions.$inferSelect;

/**
 * The latest revision of each statement and its lines, by statement id. Two indexed look-ups (the
 * latest revisions, then their lines by revision), so the cost does not grow with the history.
 */
export async function latestLines(
  tx: Executor,
  statementIds: number[],
): Promise<{ lines: Map<number, StatedLine[]>; latest: Map<number, RevisionRow> }> {
  const lines = new Map<number, StatedLine[]>(statementIds.map((id) => [id, []]));
  const latest = new Map<number, RevisionRow>();
  if (!statementIds.length) return { lines, latest };
  const revisions = await tx
    .selectDistinctOn([grantStatementRevisions.statementId])
    .from(grantStatementRevisions)
    .where(inArray(grantStatementRevisions.statementId, statementIds))
    .orderBy(grantStatementRevisions.statementId, desc(grantStatementRevisions.revision));
  if (!revisions.length) return { lines, latest };
  const statementOf = new Map(revisions.map((r) => [r.id, r.statementId]));
  for (const r of revisions) latest.set(r.statementId, r);
  const rows = await tx
    .select()
    .from(grantStatementLines)
    .where(
      inArray(
        grantStatementLines.revisionId,
        revisions.map((r) => r.id),
      ),
    )
    .orderBy(asc(grantStatementLines.id));
  for (const r of rows) lines.get(statementOf.get(r.revisionId)!)!.push(fromRow(r));
  return { lines, latest };
}

export async function hubOf(tx: Executor, hubId: number) {
  const [hub] = await tx
    .select({ id: hubs.id, slug: hubs.slug, name: hubs.name })
    .from(hubs)
    .where(eq(hubs.id, hubId));
  if (!hub) throw new NotFoundError('There is no such hub');
  return hub;
}

/** Takes the hubs' statement locks, in hub order so that two transactions cannot wait on each other. */
export async function lockStatements(tx: Executor, hubIds: readonly number[]): Promise<void> {
  for (const hubId of [...new Set(hubIds)].sort((a, b) => a - b)) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${0x66756e64}, ${hubId})`);
  }
}

/**
 * States computed lines on a hub's open statement for a (recorded) year: opens a statement when none is
 * open, states what closed statements have not (adjustments included), and stores a new revision, with a
 * `funding.statement_revised` event by `actor`, only when that differs from the last one. The caller
 * holds the hub's statement lock.
 */
export async function reviseStatement(
  tx: Executor,
  hubId: number,
  yearCode: string,
  computed: readonly GrantLine[],
  actor: Actor,
): Promise<{
  statements: (typeof grantStatements.$inferSelect)[];
  byStatement: Map<number, StatedLine[]>;
  revised: boolean;
}> {
  let statements = await tx
    .select()
    .from(grantStatements)
    .where(and(eq(grantStatements.hubId, hubId), eq(grantStatements.yearCode, yearCode)))
    .orderBy(asc(grantStatements.number));
  let open = statements.find((s) => s.status === 'open');
  if (!open) {
    [open] = await tx
      .insert(grantStatements)
      .values({ hubId, yearCode, number: statements.length + 1 })
      .returning();
    statements = [...statements, open!];
  }
  const { lines: byStatement, latest } = await latestLines(
    tx,
    statements.map((s) => s.id),
  );
  const closedLines = statements.filter((s) => s.status === 'closed').flatMap((s) => byStatement.get(s.id)!);
  const wanted = openStatementLines(computed, closedLines);
  const last = latest.get(open!.id);
  if (last && fingerprint(byStatement.get(open!.id)!) === fingerprint(wanted)) {
    return { statements, byStatement, revised: false };
  }
  const totalPence = totalOf(wanted);
  const [revision] = await tx
    .insert(grantStatementRevisions)
    .values({ statementId: open!.id, revision: (last?.revision ?? 0) + 1, totalPence })
    .returning();
  if (wanted.length) {
    await tx.insert(grantStatementLines).values(
      wanted.map((l) => ({
        revisionId: revision!.id,
        lineKey: l.key,
        activityId: l.activityId,
        activityTitle: l.activityTitle,
        claimId: l.claimId,
        ncpCode: l.ncpCode,
        ruleKind: l.ruleKind,
        ruleLabel: l.ruleLabel,
        source: l.source,
        payee: l.payee,
        amountPence: l.amountPence,
        counts: l.counts,
        explanation: l.explanation,
        items: l.items ?? null,
        isAdjustment: l.isAdjustment,
        statedPence: l.statedPence,
      })),
    );
  }
  byStatement.set(open!.id, wanted);
  await recordEvent(tx, actor, {
    action: 'funding.statement_revised',
    subjectType: 'grant_statement',
    subjectId: open!.id,
    hubId,
    changes: {
      year: yearCode,
      statement: open!.number,
      revision: revision!.revision,
      totalPence: [last?.totalPence ?? null, totalPence],
    },
  });
  return { statements, byStatement, revised: true };
}

/**
 * Brings a hub's open statement for a year up to date with the records, in a transaction: computes the
 * grant and states it (`reviseStatement`), so the revisions are the history of what was stated when.
 */
export async function syncStatementIn(
  tx: Executor,
  hubId: number,
  yearCode: string,
  actor: Actor = systemActor('funding'),
): Promise<YearStatement> {
  await lockStatements(tx, [hubId]);
  const { hub, computed, checks, unrecordedYear } = await earnedThisYear(tx, hubId, yearCode);
  if (unrecordedYear) return unrecordedYear;
  const { statements, byStatement } = await reviseStatement(tx, hubId, yearCode, computed, actor);
  const revisions = await tx
    .select()
    .from(grantStatementRevisions)
    .where(
      inArray(
        grantStatementRevisions.statementId,
        statements.map((s) => s.id),
      ),
    )
    .orderBy(asc(grantStatementRevisions.revision));
  return yearStatementOf({ hub, year: yearCode, checks }, statements, byStatement, revisions);
}

/**
 * What a hub's records earn in a year (the hub, the computed lines, the checks); for a year not yet
 * recorded, which has no statements to keep, the statement to show as it is: what the records earn.
 */
export async function earnedThisYear(tx: Executor, hubId: number, yearCode: string) {
  const hub = await hubOf(tx, hubId);
  // One after another: a transaction is one connection.
  const rules = await rulesForYear(tx, yearCode);
  const facts = await activityFacts(tx, { yearCode, hubId });
  const claims = await claimFacts(tx, { yearCode, hubId });
  const { lines: computed, checks } = computeGrant(facts, rules, claims);
  const [known] = await tx.select().from(academicYears).where(eq(academicYears.code, yearCode));
  let unrecordedYear: YearStatement | null = null;
  if (!known) {
    const lines = computed.map((l) => ({ ...l, isAdjustment: false, statedPence: null, statementNumber: 1 }));
    unrecordedYear = { hub, year: yearCode, statements: [], lines, totalPence: totalOf(lines), checks };
  }
  return { hub, computed, checks, unrecordedYear };
}

/** The year's statements as shown: each with its total and revisions, and every line with its statement. */
export function yearStatementOf(
  head: Pick<YearStatement, 'hub' | 'year' | 'checks'>,
  statements: readonly Omit<StatementSummary, 'totalPence' | 'revisions'>[],
  byStatement: Map<number, StatedLine[]>,
  revisions: readonly {
    id: number;
    statementId: number;
    revision: number;
    recordedAt: Date;
    totalPence: number;
  }[],
): YearStatement {
  const summaries: StatementSummary[] = statements.map((s) => ({
    id: s.id,
    number: s.number,
    status: s.status,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    closedBy: s.closedBy,
    totalPence: totalOf(byStatement.get(s.id)!),
    revisions: revisions
      .filter((r) => r.statementId === s.id)
      .map((r) => ({ id: r.id, revision: r.revision, recordedAt: r.recordedAt, totalPence: r.totalPence })),
  }));
  const lines = statements.flatMap((s) =>
    byStatement.get(s.id)!.map((l) => ({ ...l, statementNumber: s.number })),
  );
  return { ...head, statements: summaries, lines, totalPence: totalOf(lines) };
}

/** A hub's grant statement for a year, brought up to date with the records. */
export const syncStatement = (db: Database, hubId: number, yearCode: string) =>
  db.transaction((tx) => syncStatementIn(tx, hubId, yearCode));

/** The lines of one stored revision (what a statement stated at that moment). */
export async function revisionLines(db: Executor, revisionId: number): Promise<StatedLine[]> {
  const rows = await db
    .select()
    .from(grantStatementLines)
    .where(eq(grantStatementLines.revisionId, revisionId))
    .orderBy(asc(grantStatementLines.id));
  return rows.map(fromRow);
}
