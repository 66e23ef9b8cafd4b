import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { accreditations, people, roleAssignments } from './schema.ts';

/** What moving a person's own records did, by id only (it goes into the event log). */
export interface PeopleRecordsMoved {
  roleAssignmentsMoved: number[];
  roleAssignmentsDropped: number[];
  accreditationsMoved: number[];
  accreditationsDropped: number[];
  roleInvitationsMoved: number;
  /** Records merged earlier into `from`, now pointing at `to`. */
  mergedRecordsRepointed: number;
}

/**
 * Moves person `from`'s role assignments (one identical to one of `to`'s is dropped), accreditations
 * (the same kind and cohort is the same accreditation), role invitations and the records merged into
 * `from` to person `to`; `to` takes `from`'s school if it had none.
 */
export async function movePersonRecords(tx: Executor, from: number, to: number): Promise<PeopleRecordsMoved> {
  const moved: PeopleRecordsMoved = {
    roleAssignmentsMoved: [],
    roleAssignmentsDropped: [],
    accreditationsMoved: [],
    accreditationsDropped: [],
    roleInvitationsMoved: 0,
    mergedRecordsRepointed: 0,
  };
  const roles = await tx
    .select()
    .from(roleAssignments)
    .where(inArray(roleAssignments.personId, [to, from]));
  const roleKey = (r: typeof roleAssignments.$inferSelect) =>
    JSON.stringify([r.role, r.hubId, r.schoolUrn, r.startsOn, r.endsOn]);
  const toRoles = new Set(roles.filter((r) => r.personId === to).map(roleKey));
  for (const r of roles.filter((x) => x.personId === from)) {
    if (toRoles.has(roleKey(r))) {
      await tx.delete(roleAssignments).where(eq(roleAssignments.id, r.id));
      moved.roleAssignmentsDropped.push(r.id);
    } else {
      await tx.update(roleAssignments).set({ personId: to }).where(eq(roleAssignments.id, r.id));
      moved.roleAssignmentsMoved.push(r.id);
    }
  }

  const accs = await tx
    .select()
    .from(accreditations)
    .where(inArray(accreditations.personId, [to, from]));
  const accKey = (x: typeof accreditations.$inferSelect) => JSON.stringify([x.kind, x.cohort]);
  const toAccs = new Set(accs.filter((x) => x.personId === to).map(accKey));
  for (const x of accs.filter((y) => y.personId === from)) {
    if (toAccs.has(accKey(x))) {
      await tx.delete(accreditations).where(eq(accreditations.id, x.id));
      moved.accreditationsDropped.push(x.id);
    } else {
      await tx.update(accreditations).set({ personId: to }).where(eq(accreditations.id, x.id));
      moved.accreditationsMoved.push(x.id);
    }
  }

  moved.roleInvitationsMoved =
    (await tx.execute(sql`UPDATE role_invitations SET person_id = ${to} WHERE person_id = ${from}`))
      .rowCount ?? 0;
  moved.mergedRecordsRepointed =
    (
      await tx.execute(
        sql`UPDATE people SET merged_into_person_id = ${to} WHERE merged_into_person_id = ${from} AND id <> ${to}`,
      )
    ).rowCount ?? 0;

  const found = await tx
    .select({ id: people.id, schoolUrn: people.schoolUrn })
    .from(people)
    .where(inArray(people.id, [to, from]));
  const keep = found.find((p) => p.id === to);
  const merge = found.find((p) => p.id === from);
  if (keep && merge && keep.schoolUrn === null && merge.schoolUrn !== null) {
    await tx.update(people).set({ schoolUrn: merge.schoolUrn }).where(eq(people.id, to));
  }
  return moved;
}
