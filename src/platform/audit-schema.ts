import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The event log: every change, who made it, when and why. Written in the transaction of the change,
 * with an action of the vocabulary in `audit-actions.ts`. (Not to be confused with the events module's
 * programme events.)
 */
export const eventLog = pgTable(
  'event_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorPersonId: integer('actor_person_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    hubId: integer('hub_id'),
    reason: text('reason'),
    changes: jsonb('changes').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('event_log_subject_idx').on(t.subjectType, t.subjectId, t.occurredAt),
    index('event_log_hub_idx').on(t.hubId, t.occurredAt),
    index('event_log_actor_idx').on(t.actorPersonId, t.occurredAt),
  ],
);
