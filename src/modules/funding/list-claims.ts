import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { eventLog } from '../../platform/audit-schema.ts';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { hubs } from '../hubs/schema.ts';
import { actorNameSql } from '../people/list-events.ts';
import { people } from '../people/schema.ts';
import { type ClaimStatus, fundingClaims } from './schema.ts';

export interface ClaimRow {
  id: number;
  hubId: number;
  hubSlug: string;
  hubName: string;
  yearCode: string;
  ncpCode: string;
  kind: 'day_rate' | 'travel';
  role: 'pct' | 'cohort_lead' | null;
  claimantName: string;
  days: number | null;
  ratePence: number | null;
  amountPence: number;
  description: string;
  status: ClaimStatus;
  reason: string | null;
  submittedAt: Date;
  decidedAt: Date | null;
  paidAt: Date | null;
}

/** Claims of a year, of one hub or all, optionally of one status; newest first. */
export async function listClaims(
  db: Executor,
  filter: { yearCode: string; hubId?: number; status?: ClaimStatus },
): Promise<ClaimRow[]> {
  const conditions: SQL[] = [eq(fundingClaims.yearCode, filter.yearCode)];
  if (filter.hubId !== undefined) conditions.push(eq(fundingClaims.hubId, filter.hubId));
  if (filter.status) conditions.push(eq(fundingClaims.status, filter.status));
  return db
    .select({
      id: fundingClaims.id,
      hubId: fundingClaims.hubId,
      hubSlug: hubs.slug,
      hubName: hubs.name,
      yearCode: fundingClaims.yearCode,
      ncpCode: fundingClaims.ncpCode,
      kind: fundingClaims.kind,
      role: fundingClaims.role,
      claimantName: fundingClaims.claimantName,
      days: fundingClaims.days,
      ratePence: fundingClaims.ratePence,
      amountPence: fundingClaims.amountPence,
      description: fundingClaims.description,
      status: fundingClaims.status,
      reason: fundingClaims.reason,
      submittedAt: fundingClaims.submittedAt,
      decidedAt: fundingClaims.decidedAt,
      paidAt: fundingClaims.paidAt,
    })
    .from(fundingClaims)
    .innerJoin(hubs, eq(hubs.id, fundingClaims.hubId))
    .where(and(...conditions))
    .orderBy(desc(fundingClaims.submittedAt), desc(fundingClaims.id));
}

/** A claim's history from the event log, oldest first. */
export async function claimHistory(db: Executor, claimId: number) {
  return db
    .select({
      occurredAt: eventLog.occurredAt,
      action: eventLog.action,
      actorName: actorNameSql,
      reason: eventLog.reason,
    })
    .from(eventLog)
    .leftJoin(people, eq(people.id, eventLog.actorPersonId))
    .where(and(eq(eventLog.subjectType, 'funding_claim'), eq(eventLog.subjectId, String(claimId))))
    .orderBy(asc(eventLog.id));
}

/** One claim as stored, or "not found". */
export async function getClaim(
  db: Executor,
  query: { claimId: number },
): Promise<typeof fundingClaims.$inferSelect> {
  const [claim] = await db.select().from(fundingClaims).where(eq(fundingClaims.id, query.claimId));
  if (!claim) throw new NotFoundError('There is no such claim');
  return claim;
}
