import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import { type Role, roleNames } from '../people/schema.ts';

export interface DuplicatePerson {
  id: number;
  name: string;
  email: string;
  createdAt: string;
  schools: string[];
  roles: string[];
  enrolments: number;
  marks: number;
  accreditations: number;
}

export interface DuplicatePair {
  a: DuplicatePerson;
  b: DuplicatePerson;
  /** Why they look like one person: the same email, the same name at the same school, or both. */
  reasons: ('email' | 'name_school')[];
  schoolName: string | null;
}

/**
 * Pairs of people (neither merged nor disabled) who look like one person: the same email address
 * ignoring case and spaces, or the same first and last name at the same school (their own school, a
 * school they enrolled from, or a school they are the contact of). Hub leadership see pairs where both
 * have or had a role in one of their hubs.
 */
export async function findDuplicates(
  db: Executor,
  scope: HubScope,
  input: { page: number; pageSize: number | null },
): Promise<{ total: number; pairs: DuplicatePair[] }> {
  if (scope.kind === 'none') return { total: 0, pairs: [] };
  const hubIds = scope.kind === 'hubs' ? scope.hubIds : null;
  const inScope = (column: string) =>
    hubIds
      ? sql`exists (select 1 from role_assignments r where r.person_id = ${sql.raw(column)} and r.hub_id = any(${sql.param([...hubIds])}::int[]))`
      : sql`true`;
  const limit =
    input.pageSize === null
      ? sql``
      : sql`limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`;
  const found = await db.execute<{
    a_id: number;
    b_id: number;
    reasons: string[];
    school_urn: number | null;
    total: number;
  }>(sql`
    with active as materialized (
      -- The keys are kept on each row (migration 0051), not worked out here for every person.
      select id, email_key, given_key as g, family_key as f, school_urn
      from people where merged_into_person_id is null and disabled_at is null
    ),
    -- Each person at each of their schools with their name: pairs are found school by school (a school
    -- has few people), not name by name (common names pair over a million people nationally). Their
    -- own school, then the schools they enrolled from or are a contact of where that is another school
    -- (most enrolments are from their own school: left out before the union rather than removed by it).
    named_schools as materialized (
      select id as person_id, school_urn, g, f from active where school_urn is not null
      union
      select e.person_id, e.school_urn, a.g, a.f from enrolments e join active a on a.id = e.person_id
      where e.school_urn is not null and e.school_urn is distinct from a.school_urn
      union
      select r.person_id, r.school_urn, a.g, a.f from role_assignments r join active a on a.id = r.person_id
      where r.role = 'school_contact' and r.school_urn is not null and r.school_urn is distinct from a.school_urn
    ),
    pairs as (
      select a.id as a_id, b.id as b_id, 'email' as reason, null::int as school_urn
      -- Only the emails of more than one person are paired.
      from (select email_key from active group by 1 having count(*) > 1) k
      join active a on a.email_key = k.email_key
      join active b on b.email_key = k.email_key and a.id < b.id
      union all
      select a.person_id, b.person_id, 'name_school', a.school_urn
      -- Only the school-and-name groups of more than one person are paired.
      from (select school_urn, g, f from named_schools group by 1, 2, 3 having count(*) > 1) k
      join named_schools a on a.school_urn = k.school_urn and a.g = k.g and a.f = k.f
      join named_schools b on b.school_urn = k.school_urn and b.g = k.g and b.f = k.f and a.person_id < b.person_id
    )
    select a_id, b_id, array_agg(distinct reason order by reason) as reasons, min(school_urn) as school_urn,
      (count(*) over ())::int as total
    from pairs
    where ${inScope('pairs.a_id')} and ${inScope('pairs.b_id')}
    group by a_id, b_id
    order by a_id, b_id
    ${limit}
  `);
  const rows = found.rows;
  if (!rows.length) return { total: 0, pairs: [] };
  const ids = [...new Set(rows.flatMap((r) => [r.a_id, r.b_id]))];
  const urns = [...new Set(rows.map((r) => r.school_urn).filter((u): u is number => u !== null))];
  const people = await describePeople(db, ids);
  const schoolNames = new Map<number, string>();
  if (urns.length) {
    const named = await db.execute<{ urn: number; name: string }>(
      sql`select urn, name from schools where urn = any(${sql.param(urns)}::int[])`,
    );
    for (const s of named.rows) schoolNames.set(s.urn, s.name);
  }
  return {
    total: rows[0]!.total,
    pairs: rows.map((r) => ({
      a: people.get(r.a_id)!,
      b: people.get(r.b_id)!,
      reasons: r.reasons as DuplicatePair['reasons'],
      schoolName: r.school_urn === null ? null : (schoolNames.get(r.school_urn) ?? `URN ${r.school_urn}`),
    })),
  };
}

/** People's records side by side: schools, roles, and how much history each holds. */
export async function describePeople(db: Executor, ids: number[]): Promise<Map<number, DuplicatePerson>> {
  const found = await db.execute<{
    id: number;
    given_name: string;
    family_name: string;
    email: string;
    created_at: Date | string;
    schools: string[] | null;
    roles: { role: Role; hub: string | null; school_urn: number | null }[] | null;
    enrolments: number;
    marks: number;
    accreditations: number;
  }>(sql`
    select p.id, p.given_name, p.family_name, p.email, p.created_at,
      -- Their own school and the schools they enrolled from, each looked up by its URN (an \`or\` here
      -- made PostgreSQL scan every school for each person).
      (select array_agg(distinct s.name order by s.name)
        from (select p.school_urn as urn union select e.school_urn from enrolments e where e.person_id = p.id) u
        join schools s on s.urn = u.urn) as schools,
      (select json_agg(json_build_object('role', r.role, 'hub', h.name, 'school_urn', r.school_urn) order by r.id)
        from role_assignments r left join hubs h on h.id = r.hub_id where r.person_id = p.id) as roles,
      (select count(*)::int from enrolments e where e.person_id = p.id) as enrolments,
      (select count(*)::int from attendance_marks m join enrolments e on e.id = m.enrolment_id where e.person_id = p.id) as marks,
      (select count(*)::int from accreditations a where a.person_id = p.id) as accreditations
    from people p where p.id = any(${sql.param(ids)}::int[])
  `);
  return new Map(
    found.rows.map((p) => [
      p.id,
      {
        id: p.id,
        name: `${p.given_name} ${p.family_name}`,
        email: p.email,
        createdAt: new Date(p.created_at).toISOString(),
        schools: p.schools ?? [],
        roles: (p.roles ?? []).map(
          (r) =>
            `${roleNames[r.role] ?? r.role}${r.hub ? `, ${r.hub}` : ''}${r.school_urn ? `, URN ${r.school_urn}` : ''}`,
        ),
        enrolments: p.enrolments,
        marks: p.marks,
        accreditations: p.accreditations,
      },
    ]),
  );
}
