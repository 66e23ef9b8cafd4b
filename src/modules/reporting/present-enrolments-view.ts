import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { presentEnrolmentsSql } from '../journeys/engaged-schools.ts';

const VIEW = 'reporting_present_enrolments';

/**
 * The engagement rule's attendance for every year, as a materialised view: the enrolments with at
 * least one present mark at a session of their own activity (`presentEnrolmentsSql` of the journeys
 * module, the one definition). Reports read it instead of the attendance table, so that a national
 * report reads about a tenth of the rows. It is made from that SQL on first use, and refreshed before
 * a report whenever a statement has changed marks, enrolments, sessions or activities since the last
 * refresh (triggers of the `reporting-sql` migration mark it stale).
 *
 * The refresh takes an advisory lock, so two reports never refresh at once; the row of
 * `reporting_refreshes` is set fresh before the refresh reads, in the same transaction, so a change
 * committed meanwhile marks it stale again (its trigger waits for the row).
 */
export async function ensurePresentEnrolments(db: Executor): Promise<void> {
  const fresh = await db.execute<{ stale: boolean }>(
    sql`SELECT stale FROM reporting_refreshes WHERE name = ${VIEW} AND to_regclass(${VIEW}) IS NOT NULL`,
  );
  if (fresh.rows[0] && !fresh.rows[0].stale) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${VIEW}))`);
    const exists = await tx.execute<{ ok: boolean }>(sql`SELECT to_regclass(${VIEW}) IS NOT NULL AS ok`);
    if (!exists.rows[0]!.ok) {
      await tx.execute(sql`CREATE MATERIALIZED VIEW ${sql.identifier(VIEW)} AS
        ${presentEnrolmentsSql({})} WITH NO DATA`);
      await tx.execute(
        sql`CREATE UNIQUE INDEX ${sql.identifier(`${VIEW}_uq`)} ON ${sql.identifier(VIEW)} (enrolment_id)`,
      );
      await tx.execute(
        sql`CREATE INDEX ${sql.identifier(`${VIEW}_year_idx`)} ON ${sql.identifier(VIEW)} (year_code)`,
      );
    }
    await tx.execute(
      sql`INSERT INTO reporting_refreshes (name) VALUES (${VIEW}) ON CONFLICT (name) DO NOTHING`,
    );
    const state = await tx.execute<{ stale: boolean }>(
      sql`SELECT stale FROM reporting_refreshes WHERE name = ${VIEW} FOR UPDATE`,
    );
    if (exists.rows[0]!.ok && !state.rows[0]!.stale) return;
    await tx.execute(
      sql`UPDATE reporting_refreshes SET stale = false, refreshed_at = now() WHERE name = ${VIEW}`,
    );
    await tx.execute(sql`REFRESH MATERIALIZED VIEW ${sql.identifier(VIEW)}`);
    await tx.execute(sql`ANALYZE ${sql.identifier(VIEW)}`);
  });
}

/** The view's rows of some years, as a subquery (after `ensurePresentEnrolments`). */
export const presentEnrolmentsOf = (fromYear: string, toYear: string) =>
  sql`(SELECT * FROM ${sql.identifier(VIEW)} WHERE year_code BETWEEN ${fromYear} AND ${toYear})`;
