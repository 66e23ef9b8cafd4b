import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { isCurrentRole } from './list-people.ts';
import { people, type Role, roleAssignments } from './schema.ts';

/**
 * The people module's writes of people and roles: the only code that inserts into `people` and
 * `role_assignments` (apart from demo data and tests). Callers decide who may (policy.ts, the
 * email-matching rule of find-by-email.ts); these write the rows and their event-log entries in the
 * caller's transaction.
 */

export interface NewPerson {
  /** Already normalised (trimmed, lower case). */
  email: string;
  givenName: string;
  familyName: string;
  schoolUrn?: number | null;
}

/** Creates one person (who can then sign in with their email), with a `person.created` event by id only. */
export async function insertPerson(
  tx: Executor,
  actor: Actor,
  person: NewPerson,
  context: { hubId: number | null; reason?: string | null },
): Promise<number> {
  const [created] = await tx
    .insert(people)
    .values({
      email: person.email,
      givenName: person.givenName,
      familyName: person.familyName,
      schoolUrn: person.schoolUrn ?? null,
    })
    .returning({ id: people.id });
  await recordEvent(tx, actor, {
    action: 'person.created',
    subjectType: 'person',
    subjectId: created!.id,
    hubId: context.hubId,
    reason: context.reason ?? null,
    // By id only: the name and email address are in the person's record, which erasure removes.
  });
  return created!.id;
}

export interface NewRole {
  personId: number;
  role: Role;
  hubId: number | null;
  schoolUrn?: number | null;
  /** An NCP role's NCP key; a local authority partner's LA code. */
  ncpKey?: string | null;
  laCode?: string | null;
  title?: string | null;
  reason?: string | null;
  /** More for the event log's entry (ids only), e.g. the invitation accepted. */
  logged?: Record<string, unknown>;
}

/** Gives a role from today, with a `role.granted` event in the role's hub. Check who may first (`grantRole`). */
export async function insertRoleAssignment(tx: Executor, actor: Actor, input: NewRole): Promise<number> {
  const schoolUrn = input.schoolUrn ?? null;
  const title = input.title ?? null;
  const ncpKey = input.ncpKey ?? null;
  const laCode = input.laCode ?? null;
  const [row] = await tx
    .insert(roleAssignments)
    .values({
      personId: input.personId,
      role: input.role,
      hubId: input.hubId,
      schoolUrn,
      ncpKey,
      laCode,
      title,
      startsOn: sql`current_date`,
    })
    .returning({ id: roleAssignments.id });
  await recordEvent(tx, actor, {
    action: 'role.granted',
    subjectType: 'person',
    subjectId: input.personId,
    hubId: input.hubId,
    reason: input.reason ?? null,
    changes: {
      assignmentId: row!.id,
      role: input.role,
      title,
      hubId: input.hubId,
      schoolUrn,
      ...(ncpKey ? { ncpKey } : {}),
      ...(laCode ? { laCode } : {}),
      ...input.logged,
    },
  });
  return row!.id;
}

/** The person's current assignment of exactly this role (hub and school), if they hold it. */
export async function currentRoleAssignment(
  tx: Executor,
  input: Pick<NewRole, 'personId' | 'role' | 'hubId' | 'schoolUrn' | 'ncpKey' | 'laCode'>,
): Promise<number | null> {
  const schoolUrn = input.schoolUrn ?? null;
  const ncpKey = input.ncpKey ?? null;
  const laCode = input.laCode ?? null;
  const [held] = await tx
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.personId, input.personId),
        eq(roleAssignments.role, input.role),
        input.hubId === null ? isNull(roleAssignments.hubId) : eq(roleAssignments.hubId, input.hubId),
        schoolUrn === null ? isNull(roleAssignments.schoolUrn) : eq(roleAssignments.schoolUrn, schoolUrn),
        ncpKey === null ? isNull(roleAssignments.ncpKey) : eq(roleAssignments.ncpKey, ncpKey),
        laCode === null ? isNull(roleAssignments.laCode) : eq(roleAssignments.laCode, laCode),
        isCurrentRole,
      ),
    );
  return held?.id ?? null;
}

/** Gives the role unless the person holds it already; the new assignment's id, or null. */
export async function ensureRole(tx: Executor, actor: Actor, input: NewRole): Promise<number | null> {
  if (await currentRoleAssignment(tx, input)) return null;
  return insertRoleAssignment(tx, actor, input);
}

/**
 * Creates many people at once (an import), each with the participant role in their hub: one insert of
 * the people and one of their roles, and one `people.created` event listing their ids. An email that
 * someone took meanwhile is skipped (not in the answer: look them up). Answers lower-case email → id.
 */
export async function createPeople(
  tx: Executor,
  actor: Actor,
  rows: (NewPerson & { participantHubId: number })[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (rows.length === 0) return ids;
  const { rows: added } = await tx.execute<{ id: number; email: string }>(sql`
    INSERT INTO people (email, given_name, family_name, school_urn)
    SELECT * FROM unnest(${sql.param(rows.map((r) => r.email))}::text[], ${sql.param(rows.map((r) => r.givenName))}::text[],
      ${sql.param(rows.map((r) => r.familyName))}::text[], ${sql.param(rows.map((r) => r.schoolUrn ?? null))}::int[])
    ON CONFLICT DO NOTHING RETURNING id, lower(email) AS email`);
  if (added.length === 0) return ids;
  const hubOf = new Map(rows.map((r) => [r.email.toLowerCase(), r.participantHubId]));
  await tx.execute(sql`
    INSERT INTO role_assignments (person_id, role, hub_id)
    SELECT person_id, 'participant', hub_id
    FROM unnest(${sql.param(added.map((a) => a.id))}::int[], ${sql.param(added.map((a) => hubOf.get(a.email)!))}::int[])
      AS r(person_id, hub_id)`);
  for (const a of added) ids.set(a.email, a.id);
  const hubIds = [...new Set(added.map((a) => hubOf.get(a.email)!))];
  await recordEvent(tx, actor, {
    action: 'person.created_in_bulk',
    subjectType: 'person',
    subjectId: added[0]!.id,
    hubId: hubIds.length === 1 ? hubIds[0]! : null,
    // By id only, as for one person.
    changes: { personIds: added.map((a) => a.id), role: 'participant', hubIds },
  });
  return ids;
}
