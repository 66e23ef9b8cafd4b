import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';

/** An interest's life: open until the hub registers the person (registered) or declines it. */
export const interestStatuses = ['open', 'registered', 'declined'] as const;
export type InterestStatus = (typeof interestStatuses)[number];

/**
 * A person's interest in a hub's activity, or in an NCP the hub offers (no activity yet), with their
 * school: the hub sees interest per activity and turns it into registrations (migration 0023).
 */
export const interests = pgTable(
  'interests',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id').references(() => hubActivities.id, { onDelete: 'cascade' }),
    ncpId: integer('ncp_id').references(() => ncps.id),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    schoolUrn: integer('school_urn'),
    /** What registering them needs: their role in school, year groups taught, and an ECT's mentor. */
    roleInSchool: text('role_in_school'),
    yearGroups: text('year_groups').array().$type<string[]>().notNull().default([]),
    mentorName: text('mentor_name'),
    mentorEmail: text('mentor_email'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status').$type<InterestStatus>().notNull().default('open'),
    decidedByPersonId: integer('decided_by_person_id').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('interests_hub_status_idx').on(t.hubId, t.status),
    index('interests_person_idx').on(t.personId),
    index('interests_activity_idx').on(t.activityId),
  ],
);
