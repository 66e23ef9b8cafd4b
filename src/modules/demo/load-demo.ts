import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { recordEvent, systemActor } from '../../platform/audit.ts';
import { copyRows } from '../../platform/copy-rows.ts';
import type { Executor } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { ConflictError } from '../../platform/errors.ts';
import { withForeignKeysCheckedOnce } from '../../platform/foreign-keys-checked-once.ts';
import type { Progress } from '../../platform/progress.ts';
import type { Services } from '../../platform/services.ts';
import * as schema from '../../schema.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { shippedCatalogue, shippedYears } from '../catalogue/shipped-catalogues.ts';
import { loadDemoCommunitySpaces } from '../communities/demo-spaces.ts';
import { loadDemoEvents } from '../events/demo-events.ts';
import { loadDemoFunding } from '../funding/demo-funding.ts';
import { ensureAcademicYears } from '../hubs/ensure-academic-years.ts';
import { replaceHubAreas } from '../hubs/import-hub-areas.ts';
import type { HubInput } from '../hubs/import-hubs.ts';
import { upsertHubs } from '../hubs/import-hubs.ts';
import { upsertLocalAuthorities } from '../hubs/import-local-authorities.ts';
import { DEMO_EMAIL_DOMAIN } from '../people/demo-accounts.ts';
import { loadDemoInterests } from '../registration/demo-interests.ts';
import { refreshSchoolSearch } from '../schools/refresh-school-search.ts';
import { loadDemoTargetedSupport } from '../targeted-support/demo-targeted-support.ts';
import { loadDemoApplications, loadDemoCommunities } from './demo-applications.ts';
import { demoYears } from './demo-dates.ts';
import { DEMO_TEMPLATE_YEAR, type DemoDeliverySummary, loadDemoDelivery } from './demo-delivery.ts';
import { loadDemoEvaluation } from './demo-evaluation.ts';
import {
  coverageProblems,
  demoHubAreas,
  demoLeadSchool,
  SHOWCASE_HUB,
  schoolsByHub,
} from './demo-network.ts';
import { loadDemoSurveys } from './demo-surveys.ts';
import { type DemoPerson, generatePeople, ROLES_START_ON } from './generate-people.ts';
import { type DemoSchool, type DemoSchoolLink, generateSchools } from './generate-schools.ts';
import { createRandom } from './random.ts';
import { readReferenceNetwork } from './reference-data.ts';

/** The seed of the demonstration network: the same seed gives the same network. */
export const DEMO_SEED = 20140901;
export const FIRST_ACADEMIC_YEAR = 2014;
/** The last academic year created (the year after today's, if that is later). */
export const LAST_ACADEMIC_YEAR = 2027;
const NOT_EMPTY = 'The database already holds a network: the demonstration data needs an empty database';

export interface DemoNetwork {
  reference: ReturnType<typeof readReferenceNetwork>;
  hubs: HubInput[];
  areas: ReturnType<typeof demoHubAreas>;
  schools: DemoSchool[];
  links: DemoSchoolLink[];
  people: DemoPerson[];
}

/**
 * Builds the whole demonstration network in memory (no database): the reference local authorities
 * and hubs, every authority in a hub's area, the synthetic register and people. Later capabilities
 * extend the demonstration from these pieces.
 */
export function buildDemoNetwork(seed = DEMO_SEED): DemoNetwork {
  const random = createRandom(seed);
  const reference = readReferenceNetwork();
  const areas = demoHubAreas(reference);
  const problems = coverageProblems(
    reference.localAuthorities.map((la) => la.code),
    reference.districts,
    reference.hubs.map((h) => h.slug),
    areas,
  );
  if (problems.length)
    throw new Error(`The demonstration hub areas are inconsistent: ${problems.join('; ')}`);
  const { schools, links } = generateSchools({
    random: random.fork('schools'),
    localAuthorities: reference.localAuthorities,
    districts: reference.districts,
  });
  const served = schoolsByHub(areas, schools);
  const hubs = reference.hubs.map((hub, i) => {
    const lead = hub.leadSchoolName ? null : demoLeadSchool(served.get(hub.slug) ?? []);
    return {
      ...hub,
      leadSchoolName: hub.leadSchoolName ?? lead?.name ?? null,
      leadSchoolUrn: lead?.urn ?? null,
      contactEmail: `${hub.slug}@${DEMO_EMAIL_DOMAIN}`,
      contactPhone: `01632 960${String(100 + i).padStart(3, '0')}`,
    };
  });
  const staffingOrder = [...hubs].sort(
    (a, b) => Number(b.slug === SHOWCASE_HUB) - Number(a.slug === SHOWCASE_HUB),
  );
  const people = generatePeople(
    random.fork('people'),
    staffingOrder.map((h) => ({ slug: h.slug, schools: served.get(h.slug) ?? [] })),
  );
  return { reference, hubs, areas, schools, links, people };
}

const schoolColumns: Record<string, (s: DemoSchool) => string | number | boolean | null> = {
  urn: (s) => s.urn,
  la_code: (s) => s.laCode,
  establishment_number: (s) => s.establishmentNumber,
  name: (s) => s.name,
  type_code: (s) => s.typeCode,
  type_name: (s) => s.typeName,
  type_group_name: (s) => s.typeGroupName,
  status_name: (s) => s.statusName,
  is_open: (s) => s.isOpen,
  open_date: (s) => s.openDate,
  close_date: (s) => s.closeDate,
  phase_of_education: (s) => s.phaseOfEducation,
  phase: (s) => s.phase,
  is_state_funded: (s) => s.isStateFunded,
  statutory_low_age: (s) => s.statutoryLowAge,
  statutory_high_age: (s) => s.statutoryHighAge,
  has_sixth_form: (s) => s.hasSixthForm,
  number_of_pupils: (s) => s.numberOfPupils,
  percentage_fsm: (s) => s.percentageFsm,
  trust_name: (s) => s.trustName,
  street: (s) => s.street,
  locality: (s) => s.locality,
  town: (s) => s.town,
  postcode: (s) => s.postcode,
  district_code: (s) => s.districtCode,
  district_name: (s) => s.districtName,
  region_name: (s) => s.regionName,
  telephone: (s) => s.telephone,
  last_changed_date: (s) => s.lastChangedDate,
  source: (s) => s.source,
};

const linkColumns: Record<string, (l: DemoSchoolLink) => string | number> = {
  urn: (l) => l.urn,
  linked_urn: (l) => l.linkedUrn,
  link_name: (l) => l.linkName,
  link_type: (l) => l.linkType,
  established_on: (l) => l.establishedOn,
};

async function insertPeople(tx: Executor, people: DemoPerson[], hubIds: Map<string, number>): Promise<void> {
  const stored = await tx
    .insert(schema.people)
    .values(people.map(({ roles: _roles, ...person }) => person))
    .returning({ id: schema.people.id, email: schema.people.email });
  const idByEmail = new Map(stored.map((p) => [p.email, p.id]));
  await tx.insert(schema.roleAssignments).values(
    people.flatMap((person) =>
      person.roles.map((r) => ({
        personId: idByEmail.get(person.email)!,
        role: r.role,
        title: r.title,
        hubId: r.hubSlug ? hubIds.get(r.hubSlug)! : null,
        schoolUrn: r.schoolUrn,
        ncpKey: r.ncpKey ?? null,
        laCode: r.laCode ?? null,
        startsOn: ROLES_START_ON,
      })),
    ),
  );
}

export interface DemoSummary {
  localAuthorities: number;
  hubs: number;
  hubAreas: number;
  demonstrationAreas: number;
  schools: number;
  openStateFundedSchools: number;
  schoolLinks: number;
  people: number;
  academicYears: number;
  /** The day the demonstration describes, and its four years of delivery, the last one today's. */
  today: string;
  years: string[];
  /** The years whose catalogue the demonstration made: the 2023/24 catalogue with that year's codes. */
  demonstrationCatalogues: string[];
  delivery?: DemoDeliverySummary;
  seconds: number;
}

async function storeNetwork(
  client: pg.PoolClient,
  network: DemoNetwork,
  progress: Progress,
  lastYear: number,
): Promise<void> {
  const tx = drizzle(client, { schema }) as unknown as Executor;
  await upsertLocalAuthorities(tx, network.reference.localAuthorities);
  const { idsBySlug } = await upsertHubs(tx, network.hubs);
  await ensureAcademicYears(tx, FIRST_ACADEMIC_YEAR, lastYear);
  progress.advance();
  await copyRows(client, 'schools', schoolColumns, network.schools);
  await copyRows(client, 'school_links', linkColumns, network.links);
  progress.advance();
  await replaceHubAreas(
    tx,
    network.areas.map((value, i) => ({ line: i + 1, value })),
    idsBySlug,
  );
  await insertPeople(tx, network.people, idsBySlug);
  progress.advance();
}

/** The tables the demonstration fills with the most rows (`withForeignKeysCheckedOnce`). */
const bulkTables = [
  'schools',
  'school_links',
  'people',
  'role_assignments',
  'hub_activities',
  'activity_schools',
  'activity_leads',
  'enrolments',
  'activity_sessions',
  'attendance_marks',
  'survey_invitations',
  'survey_answers',
];

export interface DemoOptions {
  /** The day the demonstration reaches, as YYYY-MM-DD: by default today in England. */
  today?: string;
  /** `buildDemoNetwork()` made already (a first start makes it while PostgreSQL initialises). */
  network?: DemoNetwork;
}

/**
 * Creates the national demonstration network in an empty database, in one transaction: the 153
 * local authorities, the 40 hubs and their areas (made-up ones marked as demonstration), academic
 * years 2014/15 to 2027/28 (or to the year after today's), the synthetic register and people in every
 * role, and the delivery of the four academic years up to today, today's part-way. One event records it.
 * The same seed and the same today give the same data.
 */
export async function loadDemoData(
  services: Services,
  progress: Progress,
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const started = performance.now();
  const when = demoYears(options.today ?? todayInEngland());
  const lastYear = Math.max(LAST_ACADEMIC_YEAR, Number(when.years[3].slice(0, 4)) + 1);
  if (!(await isEmpty(services))) throw new ConflictError(NOT_EMPTY);
  progress.start('Demonstration network', 4);
  const network = options.network ?? buildDemoNetwork();
  progress.advance();
  // The shipped catalogues (2019/20 and 2023/24) first, each in its own transaction: loading them is
  // idempotent, so a failed demo load that is run again simply finds them there.
  for (const year of shippedYears)
    await loadCatalogue(services.db, systemActor('demo'), shippedCatalogue(year));
  const client = await services.db.$client.connect();
  const summary: DemoSummary = {
    localAuthorities: network.reference.localAuthorities.length,
    hubs: network.hubs.length,
    hubAreas: network.areas.length,
    demonstrationAreas: network.areas.filter((a) => a.isDemonstration).length,
    schools: network.schools.length,
    openStateFundedSchools: network.schools.filter((s) => s.isOpen && s.isStateFunded).length,
    schoolLinks: network.links.length,
    people: network.people.length,
    academicYears: lastYear - FIRST_ACADEMIC_YEAR + 1,
    today: when.today,
    years: [...when.years],
    demonstrationCatalogues: when.years.filter((y) => y !== DEMO_TEMPLATE_YEAR),
    seconds: 0,
  };
  try {
    await client.query('BEGIN');
    // One loader at a time: the web process and the command line may both find the database empty.
    await client.query('SELECT pg_advisory_xact_lock(727275)');
    const { rows } = await client.query('SELECT EXISTS (SELECT 1 FROM hubs) AS found');
    if (rows[0]?.found) throw new ConflictError(NOT_EMPTY);
    // What the reports count is built once at the end, not by the triggers after every statement of
    // the load (migration 0046); the triggers obey this setting until the end of the transaction.
    await client.query(`SET LOCAL mathshubs.defer_reporting = 'on'`);
    // The tables of hundreds of thousands of rows have their foreign keys checked once at the end of
    // these steps, each over all its rows, rather than as each row goes in (about 2 s of a first start).
    await withForeignKeysCheckedOnce(client, bulkTables, async () => {
      await storeNetwork(client, network, progress, lastYear);
      // Every hub's delivery in the four years up to today, under the catalogues loaded above (the
      // other years' catalogues are made there: the one place the demonstration creates catalogues).
      summary.delivery = await loadDemoDelivery(client, when);
      // Statistics of the delivery's tables for the statements that read them next (Targeted Support's
      // choice of schools took 1.2 s planned blind, 0.05 s with them; ANALYZE sees this transaction's rows).
      await client.query(
        'ANALYZE ncps, hub_activities, activity_schools, enrolments, activity_sessions, attendance_marks, people, role_assignments, schools, hub_areas',
      );
      // Targeted Support's referrals and partnerships of today's year, before funding counts them.
      await loadDemoTargetedSupport(drizzle(client, { schema }) as unknown as Executor, when.today);
      await loadDemoSurveys(client, when);
      // HAPPI forms and records of visits to schools, on the activities, schools and leads above.
      await loadDemoEvaluation(client, when);
    });
    // The LLME development programmes (issue 16): a few applications in today's year.
    await loadDemoApplications(client, when);
    // Interest from teachers waiting for each hub to register or decline, in today's year.
    await loadDemoInterests(client, when.years[3], when.today);
    await loadDemoCommunities(client, when);
    // Conversations in each hub's LLME community space (issue 18), after its leads are recorded.
    await loadDemoCommunitySpaces(drizzle(client, { schema }) as unknown as Executor);
    await loadDemoFunding(client, when);
    await loadDemoEvents(drizzle(client, { schema }) as unknown as Executor, when.today);
    // The statistics taken after the delivery still hold: the steps since added a few dozen rows.
    await client.query(`SET LOCAL mathshubs.defer_reporting = 'off'`);
    await client.query('SELECT reporting_rebuild()');

    summary.seconds = Math.round((performance.now() - started) / 100) / 10;
    await recordEvent(drizzle(client, { schema }) as unknown as Executor, systemActor('demo'), {
      action: 'demo.loaded',
      subjectType: 'demo',
      subjectId: 'network',
      reason: `Demonstration network (seed ${DEMO_SEED})`,
      changes: { ...summary },
    });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  // Two connections, so PostgreSQL takes these statistics on both cores.
  await Promise.all([
    services.db.$client.query(
      'ANALYZE school_links, hub_areas, people, role_assignments, ncps, hub_activities, activity_schools, enrolments, activity_sessions, attendance_marks',
    ),
    refreshSchoolSearch(services.db.$client),
  ]);
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  progress.done(
    `Demonstration network loaded in ${summary.seconds} s: ${summary.hubs} hubs, ${summary.localAuthorities} local authorities, ` +
      `${summary.schools.toLocaleString('en-GB')} schools (${summary.openStateFundedSchools.toLocaleString('en-GB')} open and state-funded), ` +
      `${summary.people.toLocaleString('en-GB')} people` +
      (summary.delivery
        ? `; ${summary.delivery.activities.toLocaleString('en-GB')} hub activities, ` +
          `${summary.delivery.enrolments.toLocaleString('en-GB')} enrolments, ` +
          `${summary.delivery.attendanceMarks.toLocaleString('en-GB')} attendance marks`
        : ''),
  );
  return summary;
}

/** True when the database holds no hubs yet (a first start). */
export async function isEmpty(services: Services): Promise<boolean> {
  const result = await services.db.$client.query('SELECT NOT EXISTS (SELECT 1 FROM hubs) AS empty');
  return Boolean(result.rows[0]?.empty);
}
