import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { llmeRoster } from '../activities/llme-roster.ts';
import { checkLead, parseRules } from '../catalogue/rules.ts';
import type { AccreditationKind } from '../people/schema.ts';

export interface CommunityRosterEntry {
  personId: number;
  name: string;
  active: boolean;
  accreditations: { kind: string; cohort: string | null }[];
  /** The NCP codes of the hub's activities they lead in the year. */
  leads: string[];
  /** The NCPs the hub runs in the year that they do not lead but whose lead rules they meet. */
  couldLead: string[];
}

/**
 * The hub's LLME roster for the community page (the one definition of active: activities/llme-roster.ts),
 * with what each leads and who could lead what next: the NCPs the hub runs in the year whose rules for
 * leads (catalogue/rules.ts `leadRequires`, checked on their accreditations as adding a lead does) they meet.
 */
export async function communityRoster(db: Executor, query: { hubId: number; yearCode: string }) {
  const roster = await llmeRoster(db, query.hubId, query.yearCode);
  const { rows: ncps } = await db.execute<{ code: string; rules: unknown }>(sql`
    SELECT DISTINCT n.code, n.rules FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
    WHERE a.hub_id = ${query.hubId} AND a.year_code = ${query.yearCode} AND a.status <> 'cancelled'
    ORDER BY n.code`);
  const { rows: led } = await db.execute<{ person_id: number; code: string }>(sql`
    SELECT DISTINCT l.person_id, n.code FROM activity_leads l JOIN hub_activities a ON a.id = l.activity_id
    JOIN ncps n ON n.id = a.ncp_id
    WHERE a.hub_id = ${query.hubId} AND a.year_code = ${query.yearCode} AND a.status <> 'cancelled'
    ORDER BY n.code`);
  const leadsOf = new Map<number, string[]>();
  for (const r of led) leadsOf.set(r.person_id, [...(leadsOf.get(r.person_id) ?? []), r.code]);
  const entries: CommunityRosterEntry[] = roster.entries.map((e) => {
    const leads = leadsOf.get(e.personId) ?? [];
    const kinds = e.accreditations.map((a) => a.kind as AccreditationKind);
    return {
      personId: e.personId,
      name: e.name,
      active: e.active,
      accreditations: e.accreditations,
      leads,
      couldLead: ncps
        .filter((n) => !leads.includes(n.code) && checkLead(parseRules(n.rules), kinds).ok)
        .map((n) => n.code),
    };
  });
  return { entries, activeCount: roster.activeCount, ambition: roster.ambition };
}
