import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { isEligibleSql } from './eligibility.ts';
import type { EventStatus, PlaceStatus } from './schema.ts';
import type { EventFormat } from './working-days.ts';

export const myEventTabs = ['eligible', 'upcoming', 'past'] as const;
export type MyEventTab = (typeof myEventTabs)[number];

export interface MyEvent {
  id: number;
  title: string;
  format: EventFormat;
  startsAt: Date;
  endsAt: Date;
  confirmBy: string;
  status: EventStatus;
  capacity: number;
  confirmedCount: number;
  hubName: string | null;
  placeStatus: PlaceStatus | null;
}

const tabCondition: Record<MyEventTab, ReturnType<typeof sql>> = {
  eligible: sql`e.ends_at > now() AND e.status = 'scheduled' AND (p.id IS NULL OR p.status = 'cancelled')`,
  upcoming: sql`e.ends_at > now() AND p.status IN ('confirmed', 'waiting')`,
  past: sql`e.ends_at <= now() AND p.status IN ('confirmed', 'attended', 'absent')`,
};

/** A person's events on one tab: those they may confirm, those they hold a place at, those past. */
export async function listMyEvents(db: Executor, personId: number, tab: MyEventTab): Promise<MyEvent[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT e.id, e.title, e.format, e.starts_at, e.ends_at, e.confirm_by::text AS confirm_by, e.status,
           e.capacity, e.confirmed_count, h.name AS hub_name, p.status AS place_status
    FROM programme_events e
    LEFT JOIN hubs h ON h.id = e.hub_id
    LEFT JOIN event_places p ON p.event_id = e.id AND p.person_id = ${personId}
    WHERE (p.id IS NOT NULL OR ${isEligibleSql(sql`e.id`, personId)}) AND ${tabCondition[tab]}
    ORDER BY e.starts_at ${tab === 'past' ? sql`DESC` : sql`ASC`}, e.id
    LIMIT 500`);
  return rows.map((r) => ({
    id: r.id as number,
    title: r.title as string,
    format: r.format as EventFormat,
    startsAt: new Date(r.starts_at as string),
    endsAt: new Date(r.ends_at as string),
    confirmBy: r.confirm_by as string,
    status: r.status as EventStatus,
    capacity: r.capacity as number,
    confirmedCount: r.confirmed_count as number,
    hubName: (r.hub_name as string | null) ?? null,
    placeStatus: (r.place_status as PlaceStatus | null) ?? null,
  }));
}
