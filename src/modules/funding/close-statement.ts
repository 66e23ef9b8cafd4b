import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ConflictError } from '../../platform/errors.ts';
import { grantStatements } from './schema.ts';
import { syncStatementIn, type YearStatement } from './sync-statement.ts';

export interface CloseStatementInput {
  hubId: number;
  yearCode: string;
  /** The statement the person saw open: if it has been closed since, nothing is closed again. */
  statementNumber?: number;
}

/**
 * Closes the open statement for its period, after bringing it up to date: its lines are frozen, and any
 * later change in the records becomes an adjustment on the next statement.
 */
export async function closeStatement(
  db: Database,
  actor: Actor,
  input: CloseStatementInput,
): Promise<YearStatement> {
  const { hubId, yearCode, statementNumber } = input;
  return db.transaction(async (tx) => {
    const before = await syncStatementIn(tx, hubId, yearCode);
    const open = before.statements.find((s) => s.status === 'open')!;
    if (statementNumber !== undefined && open.number !== statementNumber)
      throw new ConflictError(`Statement ${statementNumber} is already closed`);
    await tx
      .update(grantStatements)
      .set({ status: 'closed', closedAt: new Date(), closedBy: actor.label })
      .where(and(eq(grantStatements.id, open.id), eq(grantStatements.status, 'open')));
    await recordEvent(tx, actor, {
      action: 'funding.statement_closed',
      subjectType: 'grant_statement',
      subjectId: open.id,
      hubId,
      changes: { year: yearCode, statement: open.number, totalPence: open.totalPence },
    });
    return syncStatementIn(tx, hubId, yearCode);
  });
}
