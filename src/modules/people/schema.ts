import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import { type Role, roles } from '../../platform/principal.ts';

// The roles are the platform's vocabulary of access (src/platform/principal.ts); people hold them.
export { type Role, roles };

export const roleNames: Record<Role, string> = {
  national_admin: 'National administrator (NCETM)',
  national_analyst: 'National analyst',
  hub_leadership: 'Hub leadership',
  llme: 'LLME',
  intensive_support_partner: 'Intensive Support Partner',
  ncp_project_lead: 'NCP Project Lead',
  ncp_coordination: 'NCP Coordination Team',
  la_partner: 'Local authority partner',
  participant: 'Participant',
  school_contact: 'School contact',
};

/** A person who can sign in: NCETM staff, hub staff, LLMEs, participants, school contacts. */
export const people = pgTable(
  'people',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    schoolUrn: integer('school_urn'),
    /** The year groups they teach ('Reception', 'Year 1'…), as they last gave them on their account. */
    yearGroups: text('year_groups').array().notNull().default(sql`'{}'::text[]`),
    passwordHash: text('password_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when this record was found to duplicate another person and merged into them. */
    mergedIntoPersonId: integer('merged_into_person_id'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Set when the person's personal data was erased (UK GDPR): the row stays, anonymised. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    /** Raised on every change to their name or email (the `edit_version_raise` trigger; edit-versions.ts). */
    version: integer('version').notNull().default(1),
    /** The email and names lower-cased and trimmed, kept by PostgreSQL: what duplicates are found by. */
    emailKey: text('email_key').generatedAlwaysAs(sql`lower(trim(email))`),
    givenKey: text('given_key').generatedAlwaysAs(sql`lower(trim(given_name))`),
    familyKey: text('family_key').generatedAlwaysAs(sql`lower(trim(family_name))`),
  },
  (t) => [
    uniqueIndex('people_email_uq').on(sql`lower(${t.email})`),
    index('people_merged_into_idx').on(t.mergedIntoPersonId),
  ],
);

/**
 * A role a person holds. Hub roles carry the hub; school contacts carry the school. `title` is the job
 * title within the role (Maths Hub Lead, Assistant Maths Hub Lead, Project Manager, Work Group Lead…).
 */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    title: text('title'),
    hubId: integer('hub_id'),
    schoolUrn: integer('school_urn'),
    /** An NCP role's NCP, by its key across years (its code without the year: '09'). Migration 0041. */
    ncpKey: text('ncp_key'),
    /** A local authority partner's local authority (with the hub). Migration 0041. */
    laCode: text('la_code'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
  },
  (t) => [
    index('role_assignments_person_idx').on(t.personId),
    index('role_assignments_hub_idx').on(t.hubId),
    index('role_assignments_role_hub_idx').on(t.role, t.hubId),
    check(
      'role_assignments_ncp_key_ck',
      sql`(${t.role} IN ('ncp_project_lead', 'ncp_coordination')) = (${t.ncpKey} IS NOT NULL)`,
    ),
    check(
      'role_assignments_la_code_ck',
      sql`(${t.role} = 'la_partner') = (${t.laCode} IS NOT NULL) AND (${t.role} <> 'la_partner' OR ${t.hubId} IS NOT NULL)`,
    ),
  ],
);

/**
 * A role a hub offered someone who already has an account outside it (`find-by-email.ts`): nothing is
 * given, and the hub sees nothing of them, until they accept it themself (or decline it).
 */
export const roleInvitations = pgTable(
  'role_invitations',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    hubId: integer('hub_id'),
    schoolUrn: integer('school_urn'),
    /** As the role's (migration 0041). */
    ncpKey: text('ncp_key'),
    laCode: text('la_code'),
    title: text('title'),
    invitedByPersonId: integer('invited_by_person_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    accepted: boolean('accepted'),
  },
  (t) => [index('role_invitations_person_idx').on(t.personId)],
);

export const accreditationKinds = [
  'mastery_specialist',
  'secondary_mastery_specialist',
  'post_16_mastery_specialist',
  'pd_lead',
  'school_development_lead',
  'work_group_lead',
] as const;
export type AccreditationKind = (typeof accreditationKinds)[number];

/** Accreditations as people name them ("accredited primary Mastery Specialist"). */
export const accreditationKindNames: Record<AccreditationKind, string> = {
  mastery_specialist: 'primary Mastery Specialist',
  secondary_mastery_specialist: 'secondary Mastery Specialist',
  post_16_mastery_specialist: 'post-16 Mastery Specialist',
  pd_lead: 'PD Lead',
  school_development_lead: 'School Development Lead',
  work_group_lead: 'Work Group Lead',
};

/** An LLME's accreditation, e.g. an accredited primary Mastery Specialist of cohort 5. */
export const accreditations = pgTable(
  'accreditations',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<AccreditationKind>().notNull(),
    cohort: text('cohort'),
    awardedOn: date('awarded_on'),
    /** A link to the accreditation evidence document (PD Lead): a URL, the document itself being kept elsewhere. */
    evidenceUrl: text('evidence_url'),
  },
  (t) => [index('accreditations_person_idx').on(t.personId)],
);
