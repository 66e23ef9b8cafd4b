import { inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Scope } from './policy.ts';

/** A WHERE condition confining a hub id column to a scope (`false` for no scope at all). */
export function hubScopeCondition(scope: Scope, hubIdColumn: PgColumn): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'none' || scope.hubIds.length === 0) return sql`false`;
  return inArray(hubIdColumn, scope.hubIds);
}
