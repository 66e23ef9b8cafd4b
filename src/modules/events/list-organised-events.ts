import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { EventStatus } from './schema.ts';
import type { EventFormat } from './working-days.ts';

export interface OrganisedEvent {
  id: number;
  title: string;
  format: EventFormat;
  startsAt: Date;
  confirmBy: string;
  status: EventStatus;
  capacity: number;
  confirmed: number;
  waiting: number;
  attended: number;
  hubName: string | null;
  ncpCode: string | null;
}

/** The events of one hub, or national workshops (hubId null), newest first, with their counts. */
export async function listOrganisedEvents(
  db: Executor,
  hubId: number | null,
  filter: { when: 'upcoming' | 'past' | 'all'; format: '' | EventFormat },
): Promise<OrganisedEvent[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT e.id, e.title, e.format, e.starts_at, e.confirm_by::text AS confirm_by, e.status, e.capacity,
           count(*) FILTER (WHERE p.status = 'confirmed')::int AS confirmed,
           count(*) FILTER (WHERE p.status = 'waiting')::int AS waiting,
           count(*) FILTER (WHERE p.status = 'attended')::int AS attended,
           h.name AS hub_name, n.code AS ncp_code
    FROM programme_events e
    LEFT JOIN hubs h ON h.id = e.hub_id
    LEFT JOIN ncps n ON n.id = e.ncp_id
    LEFT JOIN event_places p ON p.event_id = e.id
    WHERE ${hubId === null ? sql`e.hub_id IS NULL` : sql`e.hub_id = ${hubId}`}
      AND ${filter.when === 'upcoming' ? sql`e.ends_at > now()` : filter.when === 'past' ? sql`e.ends_at <= now()` : sql`true`}
      AND ${filter.format ? sql`e.format = ${filter.format}` : sql`true`}
    GROUP BY e.id, h.name, n.code
    ORDER BY e.starts_at ${filter.when === 'upcoming' ? sql`ASC` : sql`DESC`}, e.id`);
  return rows.map((r) => ({
    id: r.id as number,
    title: r.title as string,
    format: r.format as EventFormat,
    startsAt: new Date(r.starts_at as string),
    confirmBy: r.confirm_by as string,
    status: r.status as EventStatus,
    capacity: r.capacity as number,
    confirmed: r.confirmed as number,
    waiting: r.waiting as number,
    attended: r.attended as number,
    hubName: (r.hub_name as string | null) ?? null,
    ncpCode: (r.ncp_code as string | null) ?? null,
  }));
}
