import { inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { Principal } from '../../platform/principal.ts';
import { hubs } from '../hubs/schema.ts';
import { roleNames } from '../people/schema.ts';

export interface AccountRole {
  roleName: string;
  title: string | null;
  hubName: string | null;
  hubSlug: string | null;
  schoolUrn: number | null;
}

/** The signed-in person's roles as the account page shows them, with their hubs' names. */
export async function describeRoles(db: Executor, principal: Principal): Promise<AccountRole[]> {
  const hubIds = [...new Set(principal.roles.map((r) => r.hubId).filter((id): id is number => id !== null))];
  const hubRows = hubIds.length
    ? await db
        .select({ id: hubs.id, name: hubs.name, slug: hubs.slug })
        .from(hubs)
        .where(inArray(hubs.id, hubIds))
    : [];
  const hubById = new Map(hubRows.map((h) => [h.id, h]));
  return principal.roles.map((r) => ({
    roleName: roleNames[r.role],
    title: r.title,
    hubName: r.hubId ? (hubById.get(r.hubId)?.name ?? null) : null,
    hubSlug: r.hubId ? (hubById.get(r.hubId)?.slug ?? null) : null,
    schoolUrn: r.schoolUrn,
  }));
}
