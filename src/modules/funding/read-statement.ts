import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/database.ts';
import { grantStatementRevisions, grantStatements } from './schema.ts';
import {
  earnedThisYear,
  latestLines,
  openStatementLines,
  type StatedLine,
  type YearStatement,
  yearStatementOf,
} from './sync-statement.ts';

/**
 * A hub's grant for a year as it stands, read without writing anything: the stored statements with their
 * revisions, closed ones as stated, and the open one (or the next one, when none is open yet) with what
 * the records earn now. Looking never writes: revisions are stored by changes (the `deliveryChanged`
 * subscriber, a claim decided, rules updated, a statement closed), never by a page view or an API read.
 */
export async function readStatementIn(tx: Executor, hubId: number, yearCode: string): Promise<YearStatement> {
  const { hub, computed, checks, unrecordedYear } = await earnedThisYear(tx, hubId, yearCode);
  if (unrecordedYear) return unrecordedYear;
  const stored = await tx
    .select()
    .from(grantStatements)
    .where(and(eq(grantStatements.hubId, hubId), eq(grantStatements.yearCode, yearCode)))
    .orderBy(asc(grantStatements.number));
  const { lines: byStatement } = await latestLines(
    tx,
    stored.map((s) => s.id),
  );
  const closedLines = stored.filter((s) => s.status === 'closed').flatMap((s) => byStatement.get(s.id)!);
  const wanted: StatedLine[] = openStatementLines(computed, closedLines);
  const open = stored.find((s) => s.status === 'open');
  // No statement open yet: the next one, not stored until a change states it (id 0 has no revisions).
  const statements = open
    ? stored
    : [
        ...stored,
        {
          id: 0,
          hubId,
          yearCode,
          number: stored.length + 1,
          status: 'open' as const,
          openedAt: new Date(),
          closedAt: null,
          closedBy: null,
        },
      ];
  const openId = open?.id ?? 0;
  byStatement.set(openId, wanted);
  const revisions = stored.length
    ? await tx
        .select()
        .from(grantStatementRevisions)
        .where(
          inArray(
            grantStatementRevisions.statementId,
            stored.map((s) => s.id),
          ),
        )
        .orderBy(asc(grantStatementRevisions.revision))
    : [];
  return yearStatementOf({ hub, year: yearCode, checks }, statements, byStatement, revisions);
}

/** `readStatementIn` in a read-only transaction (one consistent snapshot; the database refuses writes). */
export const readStatement = (db: Database, hubId: number, yearCode: string) =>
  db.transaction((tx) => readStatementIn(tx, hubId, yearCode), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
