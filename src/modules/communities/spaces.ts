import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { communityGuests, communitySpaces, type SpaceKind, spaceKinds } from './schema.ts';

/**
 * A community space is known by its kind and key (`ncp-12`, `hub-3`, `activity-45` in addresses): an NCP
 * in one year's catalogue, a hub's LLME community, an activity. Pages render from the records; the
 * `community_spaces` row is written by the first change in the space (`ensureSpaceRow`), except an
 * activity's, which its lead opens. Membership is the SQL function `community_space_members`.
 */
export interface SpaceRef {
  kind: SpaceKind;
  refId: number;
}

export const spaceKey = (s: SpaceRef) => `${s.kind}-${s.refId}`;

/** `ncp-12` → { kind: 'ncp', refId: 12 }; anything else is null (the page's 404). */
export function parseSpaceKey(key: string): SpaceRef | null {
  const match = /^(ncp|hub|activity)-([1-9]\d{0,9})$/.exec(key);
  if (!match) return null;
  const refId = Number(match[2]);
  if (refId > 2_147_483_647 || !spaceKinds.includes(match[1] as SpaceKind)) return null;
  return { kind: match[1] as SpaceKind, refId };
}

/** The space's name as people say it, in SQL, from its kind and key columns. */
export const spaceTitleSql = (kind: unknown, ref: unknown) => sql`CASE ${kind}
  WHEN 'ncp' THEN (SELECT n.code || ': ' || n.title || ' (' || n.year_code || ')' FROM ncps n WHERE n.id = ${ref})
  WHEN 'hub' THEN (SELECT 'LLME community of ' || h.name FROM hubs h WHERE h.id = ${ref})
  ELSE (SELECT a.title || ' (' || a.year_code || ')' FROM hub_activities a WHERE a.id = ${ref}) END`;

export interface Space extends SpaceRef {
  key: string;
  title: string;
  /** What kind of space, for captions: "NCP community", "Hub LLME community", "Activity space". */
  kindName: string;
  /** The row, once anything was written in the space (an activity's: once opened). */
  spaceId: number | null;
  hubId: number | null;
  ncpId: number | null;
  activityId: number | null;
  yearCode: string | null;
}

export const spaceKindNames: Record<SpaceKind, string> = {
  ncp: 'NCP community',
  hub: 'Hub LLME community',
  activity: 'Activity space',
};

/** The space of these records, or null when its record does not exist (or an activity's is not opened). */
export async function findSpace(db: Executor, ref: SpaceRef): Promise<Space | null> {
  const { rows } = await db.execute<{
    title: string | null;
    space_id: number | null;
    hub_id: number | null;
    year_code: string | null;
  }>(sql`
    SELECT ${spaceTitleSql(sql`${ref.kind}::text`, sql`${ref.refId}::int`)} AS title,
      (SELECT s.id FROM community_spaces s WHERE s.kind = ${ref.kind} AND s.ref_id = ${ref.refId}) AS space_id,
      CASE ${ref.kind}::text WHEN 'hub' THEN ${ref.refId}::int
        WHEN 'activity' THEN (SELECT a.hub_id FROM hub_activities a WHERE a.id = ${ref.refId}) END AS hub_id,
      CASE ${ref.kind}::text WHEN 'ncp' THEN (SELECT n.year_code FROM ncps n WHERE n.id = ${ref.refId})
        WHEN 'activity' THEN (SELECT a.year_code FROM hub_activities a WHERE a.id = ${ref.refId}) END AS year_code`);
  const row = rows[0];
  if (!row?.title) return null;
  if (ref.kind === 'activity' && row.space_id === null) return null;
  return {
    ...ref,
    key: spaceKey(ref),
    title: row.title,
    kindName: spaceKindNames[ref.kind],
    spaceId: row.space_id,
    hubId: row.hub_id,
    ncpId: ref.kind === 'ncp' ? ref.refId : null,
    activityId: ref.kind === 'activity' ? ref.refId : null,
    yearCode: row.year_code,
  };
}

export interface Membership {
  isMember: boolean;
  isLead: boolean;
}

/** Whether a person is in a space today, and leads it (the one rule: `community_space_members`). */
export async function membershipOf(db: Executor, ref: SpaceRef, personId: number): Promise<Membership> {
  const { rows } = await db.execute<{ is_lead: boolean }>(sql`
    SELECT m.is_lead FROM community_space_members(${ref.kind}, ${ref.refId}) m WHERE m.person_id = ${personId}`);
  return { isMember: rows.length > 0, isLead: rows[0]?.is_lead === true };
}

/** The space with the person's membership; a space they are not in is "not found". */
export async function spaceForMember(
  db: Executor,
  ref: SpaceRef | null,
  personId: number,
): Promise<Space & Membership> {
  const space = ref ? await findSpace(db, ref) : null;
  if (!space) throw new NotFoundError('There is no such community space');
  const membership = await membershipOf(db, space, personId);
  if (!membership.isMember) throw new NotFoundError('There is no such community space');
  return { ...space, ...membership };
}

/**
 * How many are in the space today (the front page shows the number and links to the members' page): the
 * kept count (`community_member_counts`, migration 0049) when it was made today, in this academic year,
 * and no write has marked the space since; else counted from the records.
 */
export async function spaceMemberCount(db: Executor, ref: SpaceRef): Promise<number> {
  const kept = await db.execute<{ n: number }>(sql`
    SELECT c.members AS n FROM community_member_counts c
    WHERE c.kind = ${ref.kind} AND c.ref_id = ${ref.refId}
      AND c.day = current_date AND c.year_code = community_current_year()
      AND NOT EXISTS (SELECT 1 FROM community_member_count_marks m WHERE m.kind = c.kind AND m.ref_id = c.ref_id)`);
  if (kept.rows[0]) return kept.rows[0].n;
  const { rows } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM community_space_members(${ref.kind}, ${ref.refId})`);
  return rows[0]?.n ?? 0;
}

/**
 * Recounts the spaces writes have marked, the counts made on an earlier day or in an earlier academic
 * year (membership follows roles' dates and the academic year, which no write marks), and any written
 * space with no count yet. Each space in its own transaction: its marks are taken away, then it is
 * counted by a later statement, which sees every change whose mark was taken (a mark made after is
 * left for the next run). Run every minute by the `community-member-counts` job; returns how many.
 */
export async function recountSpaces(db: Database): Promise<number> {
  const { rows } = await db.execute<{ kind: string; ref_id: number }>(sql`
    SELECT kind, ref_id FROM community_member_count_marks
    UNION
    SELECT kind, ref_id FROM community_member_counts
    WHERE day <> current_date OR year_code <> community_current_year()
    UNION
    SELECT s.kind, s.ref_id FROM community_spaces s
    WHERE NOT EXISTS (SELECT 1 FROM community_member_counts c WHERE c.kind = s.kind AND c.ref_id = s.ref_id)
    ORDER BY 1, 2`);
  for (const space of rows)
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        DELETE FROM community_member_count_marks WHERE kind = ${space.kind} AND ref_id = ${space.ref_id}`);
      await tx.execute(sql`SELECT community_recount(${space.kind}, ${space.ref_id})`);
    });
  return rows.length;
}

/** The members' page shows this many a page. */
export const MEMBERS_A_PAGE = 100;
export const memberSorts = ['name', 'role'] as const;
export type MemberSort = (typeof memberSorts)[number];
export type SortOrder = 'asc' | 'desc';

/**
 * One page of a space's members today, sorted by name (family name, then given name) or by role (its
 * leads, then the members the records put there, then guests; each by name), either way round.
 */
export async function spaceMembersPage(
  db: Executor,
  ref: SpaceRef,
  query: { sort: MemberSort; order: SortOrder; page: number },
) {
  const desc = query.order === 'desc';
  const byName = desc
    ? sql`p.family_name DESC, p.given_name DESC, p.id DESC`
    : sql`p.family_name, p.given_name, p.id`;
  const byRole = desc
    ? sql`m.is_lead, (g.person_id IS NOT NULL) DESC, p.family_name, p.given_name, p.id`
    : sql`m.is_lead DESC, (g.person_id IS NOT NULL), p.family_name, p.given_name, p.id`;
  const { rows } = await db.execute<{
    person_id: number;
    name: string;
    is_lead: boolean;
    is_guest: boolean;
    total: number;
  }>(sql`
    SELECT m.person_id, p.given_name || ' ' || p.family_name AS name, m.is_lead,
      g.person_id IS NOT NULL AS is_guest, count(*) OVER ()::int AS total
    FROM community_space_members(${ref.kind}, ${ref.refId}) m
    JOIN people p ON p.id = m.person_id
    LEFT JOIN (SELECT cg.person_id FROM community_guests cg JOIN community_spaces s ON s.id = cg.space_id
               WHERE s.kind = ${ref.kind} AND s.ref_id = ${ref.refId}) g ON g.person_id = m.person_id
    ORDER BY ${query.sort === 'role' ? byRole : byName}
    LIMIT ${MEMBERS_A_PAGE} OFFSET ${(query.page - 1) * MEMBERS_A_PAGE}`);
  const count = rows.length ? rows[0]!.total : await spaceMemberCount(db, ref);
  return {
    count,
    lastPage: Math.max(1, Math.ceil(count / MEMBERS_A_PAGE)),
    people: rows.map((r) => ({
      personId: r.person_id,
      name: r.name,
      isLead: r.is_lead,
      isGuest: r.is_guest,
    })),
  };
}

/** The spaces a person is in today, with their names and what is new in each (unread threads). */
export async function spacesOf(db: Executor, query: { personId: number }) {
  const { rows } = await db.execute<{
    kind: SpaceKind;
    ref_id: number;
    is_lead: boolean;
    title: string;
    threads: number;
    unread: number;
    last_message_at: string | null;
  }>(sql`
    SELECT m.kind, m.ref_id, m.is_lead, ${spaceTitleSql(sql`m.kind`, sql`m.ref_id`)} AS title,
      coalesce(st.threads, 0)::int AS threads, coalesce(st.unread, 0)::int AS unread, st.last_message_at
    FROM community_spaces_of(${query.personId}) m
    LEFT JOIN community_spaces s ON s.kind = m.kind AND s.ref_id = m.ref_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS threads, max(t.last_message_at) AS last_message_at,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM community_reads r WHERE r.person_id = ${query.personId}
          AND r.thread_id = t.id AND r.read_at >= t.last_message_at)) AS unread
      FROM community_threads t WHERE t.space_id = s.id AND t.published_at IS NOT NULL
    ) st ON true
    ORDER BY array_position(ARRAY['hub', 'ncp', 'activity'], m.kind), title`);
  return rows.map((r) => ({
    key: spaceKey({ kind: r.kind, refId: r.ref_id }),
    kind: r.kind,
    kindName: spaceKindNames[r.kind],
    title: r.title,
    isLead: r.is_lead,
    threads: r.threads,
    unread: r.unread,
    lastMessageAt: r.last_message_at,
  }));
}

/** The row of a space, written on the first change in it (the caller's transaction). */
export async function ensureSpaceRow(tx: Executor, ref: SpaceRef, personId: number | null): Promise<number> {
  await tx
    .insert(communitySpaces)
    .values({ kind: ref.kind, refId: ref.refId, openedByPersonId: personId })
    .onConflictDoNothing();
  const [row] = await tx
    .select({ id: communitySpaces.id })
    .from(communitySpaces)
    .where(and(eq(communitySpaces.kind, ref.kind), eq(communitySpaces.refId, ref.refId)));
  return row!.id;
}

/** An activity's lead opens its space: its leads and participants are then its members. */
export async function openActivitySpace(
  db: Executor,
  actor: Actor,
  input: { activityId: number },
): Promise<{ key: string }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ hub_id: number; lead: boolean; status: string }>(sql`
      SELECT a.hub_id, a.status, EXISTS (SELECT 1 FROM activity_leads al WHERE al.activity_id = a.id
        AND al.person_id = ${actor.personId}) AS lead
      FROM hub_activities a WHERE a.id = ${input.activityId}`);
    const activity = rows[0];
    if (!activity?.lead) throw new NotFoundError('There is no such activity');
    const ref: SpaceRef = { kind: 'activity', refId: input.activityId };
    const [existing] = await tx
      .select({ id: communitySpaces.id })
      .from(communitySpaces)
      .where(and(eq(communitySpaces.kind, 'activity'), eq(communitySpaces.refId, input.activityId)));
    if (existing) return { key: spaceKey(ref) };
    const spaceId = await ensureSpaceRow(tx, ref, actor.personId);
    await recordEvent(tx, actor, {
      action: 'community_space.opened',
      subjectType: 'community_space',
      subjectId: spaceId,
      hubId: activity.hub_id,
      changes: { kind: 'activity', refId: input.activityId },
    });
    return { key: spaceKey(ref) };
  });
}

/** Whether an activity's space is open (for its page's link). */
export async function activitySpaceOpen(db: Executor, query: { activityId: number }): Promise<boolean> {
  const [row] = await db
    .select({ id: communitySpaces.id })
    .from(communitySpaces)
    .where(and(eq(communitySpaces.kind, 'activity'), eq(communitySpaces.refId, query.activityId)));
  return !!row;
}

/** A space's lead adds a guest by email: someone with an account on the platform. */
export async function addGuest(
  db: Executor,
  actor: Actor,
  input: { space: Space; email: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: number }>(sql`
      SELECT id FROM people WHERE lower(email) = lower(${input.email})
        AND merged_into_person_id IS NULL AND disabled_at IS NULL AND erased_at IS NULL`);
    const person = rows[0];
    if (!person)
      throw new ValidationError([
        { field: 'email', message: 'Enter the email address of someone with an account on the platform' },
      ]);
    if ((await membershipOf(tx, input.space, person.id)).isMember)
      throw new ConflictError('They are already in this space');
    const spaceId = await ensureSpaceRow(tx, input.space, actor.personId);
    await tx
      .insert(communityGuests)
      .values({ spaceId, personId: person.id, addedByPersonId: actor.personId });
    await recordEvent(tx, actor, {
      action: 'community_space.guest_added',
      subjectType: 'community_space',
      subjectId: spaceId,
      hubId: input.space.hubId,
      changes: { personId: person.id },
    });
  });
}

/** A space's lead removes a guest they (or another lead) added. */
export async function removeGuest(
  db: Executor,
  actor: Actor,
  input: { space: Space; personId: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (!input.space.spaceId) throw new ConflictError('They are not a guest of this space');
    const [row] = await tx
      .delete(communityGuests)
      .where(
        and(eq(communityGuests.spaceId, input.space.spaceId), eq(communityGuests.personId, input.personId)),
      )
      .returning();
    if (!row) throw new ConflictError('They are not a guest of this space');
    await recordEvent(tx, actor, {
      action: 'community_space.guest_removed',
      subjectType: 'community_space',
      subjectId: input.space.spaceId,
      hubId: input.space.hubId,
      changes: { personId: input.personId },
    });
  });
}

/** The space's row id, written now if this is the first change in it (a document's owner is its row). */
export async function spaceIdFor(db: Executor, space: Space, personId: number): Promise<number> {
  if (space.spaceId) return space.spaceId;
  return db.transaction((tx) => ensureSpaceRow(tx, space, personId));
}

/** Documents of a space are owned by its row (the documents module). */
export const spaceOwner = (spaceId: number) => ({ ownerKind: 'community_space', ownerId: spaceId });
