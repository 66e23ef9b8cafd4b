import { and, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type HubScope, hubScopeCondition } from '../../platform/hub-scope.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { type ApplicationStatus, type DevelopmentProgramme, programmeApplications } from './schema.ts';

export interface ApplicationListRow {
  id: number;
  personId: number;
  name: string;
  school: string | null;
  hubName: string;
  programme: DevelopmentProgramme;
  yearCode: string;
  status: ApplicationStatus;
  nominated: boolean;
  cohort: string | null;
  createdAt: Date;
}

const fullName = (table: typeof people) => sql<string>`${table.givenName} || ' ' || ${table.familyName}`;

/**
 * The applications a person may see: their hubs' (hub leadership) or all (the national team), and their
 * own; the open ones first (waiting for the hub, then the national team), newest first.
 */
export async function listApplications(
  db: Executor,
  query: { scope: HubScope; personId: number; status?: ApplicationStatus | null },
): Promise<ApplicationListRow[]> {
  const inScope = hubScopeCondition(query.scope, programmeApplications.hubId);
  const visible: SQL | undefined =
    inScope === undefined ? undefined : or(inScope, eq(programmeApplications.personId, query.personId));
  const rows = await db
    .select({
      id: programmeApplications.id,
      personId: programmeApplications.personId,
      name: fullName(people),
      school: schools.name,
      hubName: hubs.name,
      programme: programmeApplications.programme,
      yearCode: programmeApplications.yearCode,
      status: programmeApplications.status,
      nominated: sql<boolean>`${programmeApplications.nominatedByPersonId} IS NOT NULL`,
      cohort: programmeApplications.cohort,
      createdAt: programmeApplications.createdAt,
    })
    .from(programmeApplications)
    .innerJoin(people, eq(people.id, programmeApplications.personId))
    .innerJoin(hubs, eq(hubs.id, programmeApplications.hubId))
    .leftJoin(schools, eq(schools.urn, people.schoolUrn))
    .where(and(visible, query.status ? eq(programmeApplications.status, query.status) : undefined))
    .orderBy(
      sql`CASE ${programmeApplications.status} WHEN 'awaiting_hub' THEN 0 WHEN 'awaiting_decision' THEN 1 ELSE 2 END`,
      desc(programmeApplications.createdAt),
      desc(programmeApplications.id),
    )
    .limit(500);
  return rows;
}

export interface ApplicationDetail extends ApplicationListRow {
  hubId: number;
  email: string;
  statement: string;
  nominatedBy: string | null;
  sponsorReason: string | null;
  sponsoredBy: string | null;
  sponsoredAt: Date | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  completedOn: string | null;
  accreditationId: number | null;
}

/** One application with the names of who nominated, sponsored and decided it. */
export async function getApplication(db: Executor, applicationId: number): Promise<ApplicationDetail> {
  const nominator = alias(people, 'nominator');
  const sponsor = alias(people, 'sponsor');
  const decider = alias(people, 'decider');
  const [row] = await db
    .select({
      id: programmeApplications.id,
      personId: programmeApplications.personId,
      name: fullName(people),
      email: people.email,
      school: schools.name,
      hubId: programmeApplications.hubId,
      hubName: hubs.name,
      programme: programmeApplications.programme,
      yearCode: programmeApplications.yearCode,
      status: programmeApplications.status,
      nominated: sql<boolean>`${programmeApplications.nominatedByPersonId} IS NOT NULL`,
      cohort: programmeApplications.cohort,
      createdAt: programmeApplications.createdAt,
      statement: programmeApplications.statement,
      nominatedBy: sql<string | null>`${nominator.givenName} || ' ' || ${nominator.familyName}`,
      sponsorReason: programmeApplications.sponsorReason,
      sponsoredBy: sql<string | null>`${sponsor.givenName} || ' ' || ${sponsor.familyName}`,
      sponsoredAt: programmeApplications.sponsoredAt,
      decisionReason: programmeApplications.decisionReason,
      decidedBy: sql<string | null>`${decider.givenName} || ' ' || ${decider.familyName}`,
      decidedAt: programmeApplications.decidedAt,
      completedOn: programmeApplications.completedOn,
      accreditationId: programmeApplications.accreditationId,
    })
    .from(programmeApplications)
    .innerJoin(people, eq(people.id, programmeApplications.personId))
    .innerJoin(hubs, eq(hubs.id, programmeApplications.hubId))
    .leftJoin(schools, eq(schools.urn, people.schoolUrn))
    .leftJoin(nominator, eq(nominator.id, programmeApplications.nominatedByPersonId))
    .leftJoin(sponsor, eq(sponsor.id, programmeApplications.sponsoredByPersonId))
    .leftJoin(decider, eq(decider.id, programmeApplications.decidedByPersonId))
    .where(eq(programmeApplications.id, applicationId));
  if (!row) throw new NotFoundError('There is no such application');
  return row;
}

/** The hubs (id and name) a person may apply or nominate through, for the form's choice. */
export async function hubChoices(db: Executor, hubIds: readonly number[]) {
  if (!hubIds.length) return [];
  return db
    .select({ id: hubs.id, name: hubs.name })
    .from(hubs)
    .where(inArray(hubs.id, [...hubIds]))
    .orderBy(hubs.name);
}
