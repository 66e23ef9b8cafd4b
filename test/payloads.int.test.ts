import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, parseCatalogueFile } from '../src/modules/catalogue/load-catalogue.ts';
import { shippedCatalogueFile } from '../src/modules/catalogue/shipped-catalogues.ts';
import { recordVisit } from '../src/modules/evaluation/record-visit.ts';
import { parseBankHolidayCsv } from '../src/modules/events/bank-holiday-file.ts';
import { importBankHolidays } from '../src/modules/events/bank-holidays.ts';
import { fundingClaims } from '../src/modules/funding/schema.ts';
import { updateGrantRules } from '../src/modules/funding/update-grant-rules.ts';
import { importHubs } from '../src/modules/hubs/import-hubs.ts';
import { importLocalAuthorities } from '../src/modules/hubs/import-local-authorities.ts';
import { applyForProgramme } from '../src/modules/llme/applications.ts';
import { recordCommunityMeeting } from '../src/modules/llme/community.ts';
import { DEMO_EMAIL_DOMAIN } from '../src/modules/people/demo-accounts.ts';
import { roleAssignments } from '../src/modules/people/schema.ts';
import { personActor, systemActor } from '../src/platform/audit.ts';
import { workbook } from '../src/platform/exports.ts';
import { paths } from '../src/platform/paths.ts';
import * as schema from '../src/schema.ts';
import { TestClient } from './support/client.ts';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from './support/delivery-factories.ts';
import { givePlace, makeEvent } from './support/event-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool, signedInClient } from './support/factories.ts';
import { surveyRouteParams } from './support/survey-factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Stored and reflected script injection, looked for systematically: a payload of markup, a broken-out
 * attribute and a template probe is put in every free-text column of every table (the columns are
 * read from the schema: a new text column must be classified below), in every text field of every
 * form the app shows (the forms are found on the pages themselves), and in the query of every page;
 * then every page of the route catalogue is read by each kind of person, and none may show the
 * payload's markup unescaped, nor the probe evaluated.
 */
const PAYLOAD = `<script>alert(1)</script>"'><img src=x onerror=alert(1)>{{7*7}}`;
const RAW = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', `"'><img`];

/** What is wrong with a page's text: the payload's markup unescaped, or its template probe evaluated. */
function unescaped(body: string, where: string): string[] {
  const found = RAW.filter((raw) => body.includes(raw)).map((raw) => `${where} shows ${raw} unescaped`);
  if (/alert\(1\)(&gt;|>)49/.test(body)) found.push(`${where} evaluated the template probe {{7*7}}`);
  return found;
}

/**
 * Every text column of every table, as free text (a person or a file writes it; it gets the payload) or
 * structural (codes, keys, states, hashes the app itself writes or checks against a list).
 */
const freeText: Record<string, string[]> = {
  // Communities and documents (issue 18): what members write and name.
  community_threads: ['title'],
  community_messages: ['body'],
  documents: ['title'],
  document_versions: ['filename', 'note'],
  shared_pages: ['title'],
  shared_page_revisions: ['body'],
  // Evaluation, national surveys (migration 0034).
  survey_templates: ['title', 'introduction'],
  survey_questions: ['text', 'hint'],
  survey_answers: ['value_text'],
  account_requests: ['given_name', 'family_name'],
  activity_leads: ['title'],
  activity_schools: ['commitment_statement', 'outcome_reason_text', 'out_of_area_reason'],
  activity_sessions: ['title', 'location'],
  api_tokens: ['name'],
  eligibility_overrides: ['justification'],
  school_criteria: ['note'],
  bank_holidays: ['title'],
  enrolments: ['mentor_name', 'outcome_reason_text'],
  evaluation_reports: ['title', 'context', 'activity_and_data', 'conclusion'],
  evaluation_report_evidence: ['label'],
  evaluation_report_themes: ['finding'],
  evaluation_report_actions: ['implication', 'closing_note'],
  interests: ['mentor_name', 'note'],
  event_comments: ['body'],
  event_documents: ['title'],
  event_log: ['actor_label', 'reason'],
  event_places: ['dietary', 'access', 'other_requirements'],
  funding_claims: ['claimant_name', 'description', 'reason'],
  grant_statement_lines: ['activity_title', 'rule_label', 'payee', 'explanation'],
  hub_activities: ['title', 'reference'],
  hub_areas: ['district_name'],
  hubs: ['name', 'lead_school_name', 'contact_phone', 'website'],
  local_authorities: ['name', 'region_name', 'entity'],
  ncps: ['title', 'strand', 'type'],
  outbox: ['subject', 'text_body'],
  people: ['given_name', 'family_name'],
  programme_events: ['title', 'description', 'venue', 'platform', 'contact_name'],
  register_imports: ['file_name', 'actor_label'],
  role_assignments: ['title'],
  role_invitations: ['title'],
  school_links: ['link_name', 'link_type'],
  // Visits (issue 15).
  school_visits: ['classes_seen', 'focus', 'notes'],
  school_visit_actions: ['description', 'owner_text'],
  // Targeted Support (issue 16).
  ts_referrals: ['barriers', 'decision_note'],
  ts_partnerships: ['isp_credentials', 'school_leaders', 'transition_notes'],
  ts_plan_items: ['description', 'owner'],
  schools: [
    'name',
    'type_name',
    'type_group_name',
    'trust_name',
    'street',
    'locality',
    'town',
    'postcode',
    'district_name',
    'region_name',
    'website',
    'telephone',
  ],
  // HAPPI forms (issue 15): the notes on data collection; progress updates and review comments.
  happi_forms: ['methods_notes'],
  happi_entries: ['text'],
  // Evidence files: their names as uploaded.
  happi_files: ['file_name'],
  // The LLME workforce (issue 16): the evidence document's link (an https link, checked when given), and
  // the applications' statement, reasons and cohort.
  accreditations: ['evidence_url'],
  programme_applications: ['statement', 'sponsor_reason', 'decision_reason', 'cohort'],
  llme_community_meetings: ['title'],
};
const structural: Record<string, string[]> = {
  // Communities and documents (issue 18): kinds and levels from lists, keys, hashes, sniffed types.
  community_spaces: ['kind'],
  community_member_counts: ['kind', 'year_code'],
  community_member_count_marks: ['kind'],
  community_subscriptions: ['level'],
  document_blobs: ['key', 'sha256'],
  documents: ['owner_kind', 'owner_id'],
  document_versions: ['content_type', 'sha256', 'blob_key'],
  shared_pages: ['owner_kind', 'owner_id'],
  // Targeted Support (issue 16): years, sources, states, phases and kinds from lists.
  ts_referrals: ['year_code', 'source', 'status'],
  ts_partnerships: ['year_code', 'phase'],
  ts_plan_items: ['phase', 'kind'],
  // The LLME workforce (issue 16): the programme (a code), the year and the state.
  programme_applications: ['programme', 'year_code', 'status'],
  llme_community_leads: ['year_code'],
  llme_community_meetings: ['year_code'],
  // HAPPI forms (issue 15): the year, the section and state, entry kinds, reminder notices.
  happi_forms: ['year_code', 'section', 'status'],
  happi_entries: ['kind', 'section'],
  happi_reminders: ['section', 'notice'],
  happi_files: ['outcome_key', 'content_type', 'blob_key'],
  // Evaluation, national surveys (migration 0034): NCP keys, kinds, question keys and types, years, link hashes.
  survey_templates: ['ncp_key', 'kind'],
  survey_questions: ['key', 'type'],
  survey_windows: ['year_code', 'kind'],
  survey_invitations: ['year_code', 'kind', 'token_hash'],
  // The numbers of an NCP's agreement statements, by key (migration 0039).
  survey_statement_numbers: ['ncp_key', 'key'],
  account_requests: ['email', 'role_in_school'],
  academic_years: ['code'],
  school_criteria: ['criterion_code'],
  accreditations: ['kind', 'cohort'],
  activity_funding_roles: ['role'],
  activity_schools: ['status', 'outcome_reason'],
  activity_sessions: ['kind'],
  api_tokens: ['token_hash'],
  attendance_marks: ['status'],
  catalogue_years: ['year_code'],
  calendar_feeds: ['token_hash'],
  data_version_bumps: ['scope'],
  data_versions: ['scope'],
  form_states: ['id'],
  enrolments: ['role_in_school', 'mentor_email', 'status', 'outcome_reason'],
  evaluation_reports: ['ncp_key', 'year_code', 'status'],
  evaluation_report_evidence: ['kind', 'address'],
  evaluation_report_actions: ['status'],
  interests: ['role_in_school', 'mentor_email', 'status'],
  event_documents: ['url'],
  event_log: ['action', 'subject_type', 'subject_id'],
  event_notifications: ['kind', 'dedupe_key'],
  event_places: ['status', 'connect_token'],
  event_targets: ['kind', 'role', 'email'],
  funding_claims: ['year_code', 'ncp_code', 'kind', 'role', 'status'],
  grant_rule_sets: ['year_code', 'ncp_code'],
  grant_statement_lines: ['line_key', 'ncp_code', 'rule_kind', 'source'],
  grant_statements: ['year_code', 'status', 'closed_by'],
  hub_activities: ['year_code', 'kind', 'status'],
  hub_areas: ['la_code', 'district_code'],
  hubs: ['slug', 'contact_email', 'name_status'],
  local_authorities: ['code', 'gss_code', 'region_code'],
  ncps: ['year_code', 'code', 'participation', 'completes_tfm_stage', 'next_ncp_code'],
  outbox: ['to_address', 'transport', 'message_id', 'error'],
  outbox_secrets: ['to_address'],
  // The keys duplicates are found by: PostgreSQL writes them from the email and names (generated columns,
  // which no one can set), and no page shows them.
  people: ['email', 'password_hash', 'email_key', 'given_key', 'family_key'],
  programme_events: ['format', 'connect_url', 'waiting_priority', 'status', 'contact_email'],
  rate_limit_hits: ['bucket', 'key'],
  register_imports: ['kind'],
  reporting_participation: ['year_code', 'ncp_year_code', 'strand', 'mastering_number'],
  reporting_programme_people: ['year_code', 'ncp_year_code', 'strand'],
  reporting_population: ['year_code', 'phase'],
  reporting_school_years: ['year_code'],
  reporting_succession_population: ['years'],
  reporting_tfm_first: ['first_year'],
  role_assignments: ['role', 'ncp_key', 'la_code'],
  role_invitations: ['role', 'ncp_key', 'la_code'],
  // Visits (issue 15).
  school_visit_actions: ['status'],
  schools: [
    'la_code',
    'establishment_number',
    'type_code',
    'status_name',
    'phase_of_education',
    'phase',
    'district_code',
    'ukprn',
    'source',
  ],
  sessions: ['id', 'csrf_token'],
  sign_in_codes: ['email', 'code_hash', 'requested_from_ip'],
};

/** Every text column of every table in the schema, as `table.column`. */
function textColumns(): string[] {
  const out: string[] = [];
  for (const value of Object.values(schema)) {
    if (!(value instanceof PgTable)) continue;
    const config = getTableConfig(value);
    for (const column of config.columns) {
      const isText = column.columnType === 'PgText' || column.columnType === 'PgVarchar';
      if (isText && !(column as { enumValues?: unknown[] }).enumValues?.length)
        out.push(`${config.name}.${column.name}`);
    }
  }
  return out;
}

const listed = (map: Record<string, string[]>) =>
  Object.entries(map).flatMap(([table, columns]) => columns.map((c) => `${table}.${c}`));

interface FoundForm {
  page: string;
  action: string;
  /** The payload in every text field. */
  fields: Record<string, string | string[]>;
  /** The payload in the free-text fields, and a valid value (a date, an email, a number) in the others. */
  validFields: Record<string, string | string[]>;
}

let uniqueEmails = 0;
/** A valid value for a field that is not free text, by its name and type; null for free text. */
function validValueFor(name: string, type: string, inputMode: string | null): string | null {
  if (type === 'email' || /email/i.test(name)) return `payload.${++uniqueEmails}@example.org`;
  if (/-day$/.test(name) || /-month$/.test(name)) return '1';
  if (/-year$/.test(name)) return '2024';
  if (/time|hour/i.test(name)) return '10:00';
  if (type === 'url' || /url|website|link/i.test(name)) return 'https://example.org/';
  if (type === 'tel' || /phone|telephone/i.test(name)) return '0113 496 0000';
  if (/urn/i.test(name)) return '900001';
  if (
    type === 'number' ||
    inputMode === 'numeric' ||
    /capacity|places|days|amount|rate|pence|count|size/i.test(name)
  )
    return '5';
  return null;
}

const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : null;
};

/** The post forms of a page (not uploads), with the payload in every text field and a choice in every other. */
function formsOn(page: string, html: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, open, inner] = match as unknown as [string, string, string];
    if (!/method="post"/i.test(open) || /multipart/i.test(open)) continue;
    const action = attribute(open, 'action') ?? page;
    const fields: Record<string, string | string[]> = {};
    const validFields: Record<string, string | string[]> = {};
    for (const [input] of inner.matchAll(/<input\b[^>]*>/g)) {
      const name = attribute(input, 'name');
      if (!name) continue;
      const type = (attribute(input, 'type') ?? 'text').toLowerCase();
      const value = attribute(input, 'value') ?? '';
      if (type === 'hidden') fields[name] = value;
      else if (type === 'radio' || type === 'checkbox') fields[name] ??= value || 'on';
      else if (type === 'password') fields[name] = 'a long enough password 123';
      else if (type === 'file' || type === 'submit') continue;
      else {
        fields[name] = PAYLOAD;
        validFields[name] = validValueFor(name, type, attribute(input, 'inputmode')) ?? PAYLOAD;
      }
    }
    for (const textarea of inner.matchAll(/<textarea\b([^>]*)>/g)) {
      const name = attribute(textarea[0], 'name');
      if (name) fields[name] = PAYLOAD;
      if (name) validFields[name] = /email/i.test(name) ? `payload.${++uniqueEmails}@example.org` : PAYLOAD;
    }
    for (const select of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(select[0], 'name');
      const option = [...select[2]!.matchAll(/<option\b[^>]*>/g)]
        .map((o) => attribute(o[0], 'value'))
        .find((v) => v);
      if (name) fields[name] = option ?? '';
    }
    for (const [name, value] of Object.entries(fields)) validFields[name] ??= value;
    forms.push({ page, action, fields, validFields });
  }
  return forms;
}

describe('every text a person or a file gives is escaped on every page', () => {
  let t: TestContext;
  /** Every page or answer that showed the payload unescaped, to list them all at once. */
  const problems: string[] = [];
  const expectEscaped = (body: string, where: string) => problems.push(...unescaped(body, where));
  const expectNoProblems = () =>
    expect([...new Set(problems.map((p) => p.replace(/\?.*? \(/, ' (')))]).toEqual([]);
  const personas: Record<string, number | null> = {};
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383', districtCode: 'E08000035', districtName: 'Leeds' },
    ]);
    const school = await makeSchool(t.db, { laCode: '383', street: '1 Street', locality: 'Place' });
    const participant = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      email: `participant@${DEMO_EMAIL_DOMAIN}`,
      schoolUrn: school.urn,
    });
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }]);
    const contact = await makePerson(t.db, [
      { role: 'school_contact', hubId: hub.id, schoolUrn: school.urn },
    ]);
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    const hubLead = await makePerson(t.db, [
      { role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' },
    ]);
    Object.assign(personas, {
      anonymous: null,
      admin: admin.id,
      analyst: analyst.id,
      hubLead: hubLead.id,
      llme: llme.id,
      participant: participant.id,
      contact: contact.id,
    });
    const [role] = await t.db
      .select()
      .from(roleAssignments)
      .where(sql`${roleAssignments.personId} = ${participant.id}`);
    const ncp = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-09',
      title: 'Primary TfM Work Groups',
    });
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' });
    await addLead(t.db, activity.id, llme.id);
    await addSchool(t.db, activity.id, school.urn);
    const session = await makeSession(t.db, { activityId: activity.id, startsAt: '2023-10-10T13:30:00Z' });
    const enrolment = await enrol(t.db, {
      activityId: activity.id,
      personId: participant.id,
      schoolUrn: school.urn,
    });
    await mark(t.db, session.id, enrolment.id, 'present');
    const [claim] = await t.db
      .insert(fundingClaims)
      .values({
        hubId: hub.id,
        yearCode: '2023/24',
        ncpCode: 'NCP23-09',
        kind: 'travel',
        claimantName: 'A Lead',
        amountPence: 1000,
        description: 'Travel',
        status: 'rejected',
        reason: 'Not allowed',
      })
      .returning();
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      format: 'face_to_face',
      startsAt: new Date(Date.now() - 3600_000),
      invite: [participant.id],
    });
    await givePlace(t.db, event.id, participant.id);
    await givePlace(t.db, event.id, llme.id, 'attended');
    // Rows for the tables the factories do not fill.
    await t.db.execute(
      sql`insert into school_links (urn, linked_urn, link_name, link_type) values (${school.urn}, ${school.urn + 1}, 'Old school', 'Predecessor')`,
    );
    await t.db.execute(
      sql`insert into event_comments (event_id, person_id, body) values (${event.id}, ${llme.id}, 'A comment')`,
    );
    await t.db.execute(
      sql`insert into event_documents (event_id, title, url) values (${event.id}, 'Slides', 'https://example.org/slides')`,
    );
    // Surveys: a template, its window and the participant's invitation with a free-text answer.
    const survey = await surveyRouteParams(t.db, {
      activityId: activity.id,
      hubId: hub.id,
      personId: participant.id,
      yearCode: '2023/24',
    });
    await t.db.execute(sql`insert into survey_answers (invitation_id, question_id, value_text)
      select ${Number(survey.invitationId)}, id, 'An answer' from survey_questions
      where template_id = ${Number(survey.templateId)} and type = 'free_text'`);
    Object.assign(params, survey);
    // Visits (issue 15): a visit with an agreed action (its texts get the payload like every free-text column).
    const { visitId } = await recordVisit(t.db, personActor(llme.id), {
      activityId: activity.id,
      schoolUrn: school.urn,
      visitedOn: '2023-11-15',
      visitorIds: [llme.id],
      yearGroups: ['Year 2'],
      classesSeen: '2B',
      focus: 'Fluency',
      notes: 'Notes',
      actions: [
        {
          id: null,
          description: 'Plan',
          ownerPersonId: null,
          ownerText: 'Subject leader',
          dueOn: '2023-12-01',
          status: 'open',
        },
      ],
      removedActionIds: [],
    });
    // Targeted Support (issue 16): a referral declined, and a partnership moved on with its plan (their
    // texts get the payload like every free-text column).
    const [declined] = (
      await t.db.execute<{
        id: number;
      }>(sql`insert into ts_referrals (hub_id, school_urn, year_code, barriers, source, status, decision_note, decided_at)
        values (${hub.id}, ${school.urn}, '2023/24', 'Barriers', 'cold_spots', 'declined', 'A reason', now()) returning id`)
    ).rows;
    const [accepted] = (
      await t.db.execute<{
        id: number;
      }>(sql`insert into ts_referrals (hub_id, school_urn, year_code, barriers, source, status)
        values (${hub.id}, ${school.urn}, '2023/24', 'Barriers', 'school_page', 'intensive') returning id`)
    ).rows;
    const [partnership] = (
      await t.db.execute<{
        id: number;
      }>(sql`insert into ts_partnerships (referral_id, hub_id, school_urn, year_code,
          isp_person_id, isp_credentials, school_leaders, activity_id, phase, started_on, handover_activity_id, transition_notes, moved_on_at)
        values (${accepted!.id}, ${hub.id}, ${school.urn}, '2023/24', ${llme.id}, 'Credentials', 'Leaders', ${activity.id},
          'moved_on', '2023-10-01', ${activity.id}, 'Notes', now()) returning id`)
    ).rows;
    await t.db.execute(sql`insert into ts_plan_items (partnership_id, phase, kind, description, owner, due_on)
      values (${partnership!.id}, 'explore', 'action', 'An action', 'An owner', '2023-12-01')`);
    Object.assign(params, { referralId: String(declined!.id), partnershipId: String(partnership!.id) });
    // LLME development programmes (issue 16): the participant's application through the hub.
    const { applicationId } = await applyForProgramme(t.db, personActor(participant.id), {
      programme: 'pd_lead',
      hubId: hub.id,
      statement: 'I lead maths at my school.',
      hubIds: [hub.id],
    });
    // The hub's LLME community: a meeting (its register's page).
    const { meetingId } = await recordCommunityMeeting(t.db, systemActor('test'), {
      hubId: hub.id,
      heldOn: '2023-11-20',
      title: 'Autumn meeting',
    });
    Object.assign(params, {
      meetingId: String(meetingId),
      applicationId: String(applicationId),
      visitId: String(visitId),
      claimId: String(claim!.id),
      eventId: String(event.id),
      year: '2023-24',
      ncpCode: 'NCP23-09',
      activityId: String(activity.id),
      sessionId: String(session.id),
      enrolmentId: String(enrolment.id),
      urn: String(school.urn),
      slug: hub.slug,
      code: '383',
      hubId: String(hub.id),
      personId: String(participant.id),
      roleId: String(role!.id),
      areaId: '1',
    });
  });
  afterAll(() => t?.close());

  it('knows every text column of the schema as free text or structural', () => {
    const known = new Set([...listed(freeText), ...listed(structural)]);
    const unknown = textColumns().filter((c) => !known.has(c));
    expect(unknown, 'classify these columns in test/payloads.int.test.ts (freeText or structural)').toEqual(
      [],
    );
  });

  const urlFor = (pattern: string) =>
    pattern.replace(/:(\w+)/g, (_m, name: string) => {
      if (name === 'id') {
        if (pattern.startsWith('/admin/hubs')) return params.hubId!;
        if (pattern.startsWith('/activities')) return params.activityId!;
        if (/^\/(organise\/)?events/.test(pattern)) return params.eventId!;
        if (pattern.startsWith('/funding/claims')) return params.claimId!;
        return params.personId!;
      }
      if (name === 'code') return pattern.includes('/catalogue/') ? params.ncpCode! : params.code!;
      return params[name] ?? '1';
    });

  const pages = () =>
    t.app.routeCatalogue
      .filter((r) => r.method === 'GET' && !r.url.startsWith('/api/'))
      .filter((r) => !r.url.startsWith('/sign-out') && r.url !== '/events/connect/:token')
      .map((r) => urlFor(r.url));

  async function clientFor(persona: string): Promise<TestClient> {
    const id = personas[persona];
    return id === null || id === undefined ? new TestClient(t.app) : signedInClient(t.app, t.db, id);
  }

  /** Reads every page as every persona; returns how many answered 200 and the forms they showed. */
  async function readEveryPage(query = ''): Promise<{ shown: number; forms: Map<string, FoundForm[]> }> {
    let shown = 0;
    const forms = new Map<string, FoundForm[]>();
    for (const persona of Object.keys(personas)) {
      const client = await clientFor(persona);
      const found: FoundForm[] = [];
      for (const url of pages()) {
        const response = await client.get(`${url}${query}`);
        // Pages only: calendars (.ics) and downloads are not read as HTML (downloads: exports test).
        if (!String(response.headers['content-type'] ?? '').startsWith('text/html')) continue;
        expectEscaped(response.body, `${persona}: GET ${url}${query} (${response.statusCode})`);
        if (response.statusCode === 200) {
          shown++;
          found.push(...formsOn(url, response.body));
        }
      }
      forms.set(persona, found);
    }
    return { shown, forms };
  }

  it('escapes the payload from every column of every import, on the import’s answer and on every page', async () => {
    problems.length = 0;
    const P = PAYLOAD;
    const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
    const csv = (rows: string[][]) =>
      rows
        .map((r) => r.map(quote).join(','))
        .join('\r\n')
        .concat('\r\n');
    const xlsx = (rows: string[][]) =>
      workbook([
        {
          name: 'Sheet1',
          columns: rows[0]!.map((header, i) => ({ header, value: (r: string[]) => r[i] })),
          rows: rows.slice(1),
        },
      ]);
    /** The file with the payload in every column (refused: its problems are shown), then a good one. */
    const badAndGood = (header: string[], good: string[]) => [
      [header, header.map(() => P)],
      [header, good],
    ];

    // The GIAS register, through its upload page.
    const admin = await clientFor('admin');
    const giasHeader = [
      'URN',
      'LA (code)',
      'EstablishmentName',
      'TypeOfEstablishment (name)',
      'EstablishmentStatus (name)',
      'PhaseOfEducation (name)',
      'Street',
      'Locality',
      'Town',
      'Postcode',
      'Trusts (name)',
      'DistrictAdministrative (code)',
      'DistrictAdministrative (name)',
      'GOR (name)',
      'SchoolWebsite',
      'TelephoneNum',
      'EstablishmentNumber',
      'UKPRN',
    ];
    const giasGood = [
      '900500',
      '383',
      P,
      'Community school',
      'Open',
      'Primary',
      P,
      P,
      P,
      P,
      P,
      'E08000035',
      P,
      P,
      P,
      P,
      '1234',
      '10000000',
    ];
    const linksHeader = ['URN', 'LinkURN', 'LinkName', 'LinkType', 'LinkEstablishedDate'];
    const linksGood = ['900500', '900501', P, P, ''];
    for (const [kind, header, good] of [
      ['establishments', giasHeader, giasGood],
      ['links', linksHeader, linksGood],
    ] as const) {
      for (const rows of badAndGood([...header], good as unknown as string[])) {
        const answer = await admin.upload(
          paths.admin.registerImport,
          { kind },
          { name: 'gias.csv', bytes: Buffer.from(csv(rows)) },
        );
        expectEscaped(answer.body, `GIAS ${kind} import (${answer.statusCode})`);
        if (rows[1] === good) expect(answer.statusCode, `the good ${kind} file`).toBe(200);
      }
    }
    const school = await admin.get(paths.school(900500));
    expect(school.statusCode).toBe(200);
    expect(school.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    // Local authorities, hubs and their areas (the command line's imports).
    await importLocalAuthorities(t.db, systemActor('test'), {
      text: csv([
        ['la_code', 'la_name', 'gss_code', 'region_code', 'region_name', 'entity'],
        ['384', P, 'E08000036', 'E12000003', 'Yorkshire and The Humber', 'Metropolitan Districts'],
      ]),
    });
    await importHubs(t.db, systemActor('test'), {
      hubs: csv([
        ['slug', 'name', 'lead_school_name', 'contact_phone', 'website'],
        ['payload-hub', P, P, '0113 496 0000', 'https://example.org'],
      ]),
      areas: csv([
        ['hub_slug', 'la_code', 'district_code', 'district_name'],
        ['payload-hub', '384', '', ''],
        ['west-yorkshire', '383', '', ''],
      ]),
    }).catch((error: unknown) => {
      throw new Error(
        `hubs import: ${JSON.stringify((error as { problems?: unknown }).problems ?? String(error))}`,
      );
    });

    // Bank holidays (the command line's import).
    await t.db.transaction((tx) =>
      importBankHolidays(
        tx,
        systemActor('test'),
        parseBankHolidayCsv(
          csv([
            ['date', 'title'],
            ['2031-12-25', P],
          ]),
        ),
      ),
    );

    // A catalogue file (JSON): every NCP's title; and an NCP's grant rules (JSON typed on their page).
    const catalogue = JSON.parse(readFileSync(shippedCatalogueFile('2023/24'), 'utf8')) as {
      ncps: { code: string; title: string }[];
    };
    for (const ncp of catalogue.ncps) ncp.title = `${P} ${ncp.code}`;
    await loadCatalogue(t.db, systemActor('test'), parseCatalogueFile(JSON.stringify(catalogue)));
    const rulesVersion = await t.db.execute<{ version: number }>(
      sql`SELECT version FROM grant_rule_sets WHERE year_code = '2023/24' AND ncp_code = 'NCP23-09'`,
    );
    await updateGrantRules(t.db, systemActor('test'), {
      year: '2023/24',
      code: 'NCP23-09',
      rules: JSON.stringify([
        { kind: 'travel_claimable', label: P, source: 'mhnf' },
        { kind: 'costed_days', label: P, items: [{ label: P, days: 2 }], totalDays: 2 },
      ]),
      version: rulesVersion.rows[0]?.version ?? 0,
    });

    // Delivery files, CSV and Excel, through the hub's upload page.
    const lead = await clientFor('hubLead');
    const delivery: [kind: string, header: string[], good: string[]][] = [
      [
        'activities',
        ['Hub', 'Year', 'NCP', 'Reference', 'Kind', 'Title', 'Status'],
        ['west-yorkshire', '2023/24', 'NCP23-09', 'PAYLOAD-1', 'Work Group', P, 'running'],
      ],
      [
        'enrolments',
        [
          'Hub',
          'Year',
          'Activity reference',
          'Email',
          'Given name',
          'Family name',
          'Role in school',
          'Mentor name',
        ],
        ['west-yorkshire', '2023/24', 'PAYLOAD-1', 'payload.person@example.org', P, P, P, P],
      ],
      [
        'attendance',
        ['Hub', 'Year', 'Activity reference', 'Session date', 'Session title', 'Email', 'Status'],
        ['west-yorkshire', '2023/24', 'PAYLOAD-1', '2023-11-01', P, 'payload.person@example.org', 'present'],
      ],
    ];
    for (const [kind, header, good] of delivery) {
      for (const rows of badAndGood(header, good)) {
        for (const file of [
          { name: `${kind}.csv`, bytes: Buffer.from(csv(rows)) },
          { name: `${kind}.xlsx`, bytes: await xlsx(rows) },
        ]) {
          const answer = await lead.upload(paths.myHub.imports, { kind }, file);
          expectEscaped(answer.body, `${kind} import ${file.name} (${answer.statusCode})`);
          if (rows[1] === good)
            problems.push(...(answer.statusCode === 200 ? [] : [`the good ${file.name} was refused`]));
        }
      }
    }
    const imported = await t.db.execute(
      sql`select count(*)::int as n from hub_activities where reference = 'PAYLOAD-1'`,
    );
    expect((imported.rows[0] as { n: number }).n).toBe(1);

    await readEveryPage();
    expectNoProblems();
  }, 240_000);

  it('escapes the payload in every free-text column on every page, for everyone', async () => {
    for (const [table, columns] of Object.entries(freeText)) {
      for (const column of columns) {
        // Each row its own value (some columns are unique), all starting with the payload.
        await t.db.execute(
          sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${PAYLOAD} || ' ' || left(md5(random()::text), 6)`,
        );
      }
    }
    problems.length = 0;
    const { shown } = await readEveryPage();
    expectNoProblems();
    // Not vacuous: most pages were shown to someone.
    expect(shown).toBeGreaterThan(pages().length);
  }, 240_000);

  it('escapes the payload given in every page’s query', async () => {
    const q = encodeURIComponent(PAYLOAD);
    problems.length = 0;
    await readEveryPage(`?q=${q}&returnTo=${q}&year=${q}&hub=${q}&status=${q}&sort=${q}&format=${q}`);
    expectNoProblems();
  }, 240_000);

  it('escapes the payload put in every text field of every form, on the answer and on every page after', async () => {
    const { forms } = await readEveryPage();
    problems.length = 0;
    let posted = 0;
    /** Forms whose valid variant was taken (no error summary after it). */
    let stored = 0;
    for (const [persona, found] of forms) {
      const client = await clientFor(persona);
      const seen = new Set<string>();
      for (const form of found) {
        // One of each form; and not those that would end the test's own access.
        const key = `${form.action} ${Object.keys(form.fields).sort().join(',')}`;
        if (seen.has(key) || /sign-out|merge/.test(form.action)) continue;
        seen.add(key);
        for (const fields of [form.fields, form.validFields]) {
          const csrf = (await client.csrfFrom(form.page).catch(() => null)) ?? '';
          const answer: LightMyRequestResponse = await client.post(
            form.action,
            { ...fields, _csrf: csrf },
            { referer: `http://localhost${form.page}` },
          );
          posted++;
          expectEscaped(answer.body, `${persona}: POST ${form.action}`);
          const location = answer.headers.location;
          if (typeof location === 'string' && location.startsWith('/')) {
            const next = await client.get(location);
            expectEscaped(next.body, `${persona}: GET ${location} after POST ${form.action}`);
            if (fields === form.validFields && !next.body.includes('There is a problem')) stored++;
          }
        }
      }
    }
    expect(posted).toBeGreaterThan(20);
    expect(stored).toBeGreaterThan(10);
    await readEveryPage();
    expectNoProblems();
  }, 480_000);

  it('defuses formulas in every CSV and Excel download (every export route, and the links pages give)', async () => {
    const formulas = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1'];
    let n = 0;
    for (const [table, columns] of Object.entries(freeText)) {
      for (const column of columns) {
        const formula = formulas[n++ % formulas.length]!;
        await t.db.execute(
          sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${formula} || ' ' || left(md5(random()::text), 6)`,
        );
      }
    }
    const undefused: string[] = [];
    const downloads = new Set<string>();
    let checked = 0;
    const check = (where: string, value: unknown) => {
      if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value))
        undefused.push(`${where}: ${JSON.stringify(value)}`);
      if (value && typeof value === 'object' && 'formula' in value) undefused.push(`${where}: a formula`);
    };
    for (const persona of ['admin', 'hubLead', 'llme', 'participant', 'anonymous']) {
      const client = await clientFor(persona);
      const urls = new Set<string>();
      for (const url of pages()) {
        for (const format of ['csv', 'xlsx', 'areas-csv']) urls.add(`${url}?format=${format}`);
        const page = await client.get(url);
        for (const m of page.body.matchAll(/href="([^"]*(?:format=|\.csv|\.xlsx)[^"]*)"/g))
          urls.add(decode(m[1]!));
      }
      for (const url of urls) {
        const response = await client.get(url);
        const type = String(response.headers['content-type'] ?? '');
        if (response.statusCode !== 200) continue;
        if (type.startsWith('text/csv')) {
          const rows = parse(response.rawPayload.toString('utf8'), {
            bom: true,
            relax_column_count: true,
          }) as string[][];
          // The header is ours; every cell below it must be defused.
          for (const row of rows.slice(1)) for (const cell of row) check(`${persona}: ${url}`, cell);
        } else if (type.includes('spreadsheetml')) {
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
          book.eachSheet((sheet) =>
            sheet.eachRow((row, number) => {
              if (number > 1) row.eachCell((cell) => check(`${persona}: ${url} ${sheet.name}`, cell.value));
            }),
          );
        } else continue;
        downloads.add(url.replace(/\?.*/, ''));
        checked++;
      }
    }
    expect([...new Set(undefused.map((u) => u.replace(/: ".*/, '')))]).toEqual([]);
    // Every route that gives a download was tried: find-your-hub, the national lists, the hub's lists.
    expect(checked).toBeGreaterThan(20);
    for (const route of ['/find-your-hub', '/admin/hubs', '/admin/local-authorities', '/admin/event-log'])
      expect([...downloads], route).toContain(route);
  }, 480_000);

  it('answers a NUL in any form field, or in an uploaded file, with the problem and never a server error', async () => {
    const { forms } = await readEveryPage();
    const serverErrors: string[] = [];
    let refused = 0;
    for (const [persona, found] of forms) {
      const client = await clientFor(persona);
      const seen = new Set<string>();
      for (const form of found) {
        const key = `${form.action} ${Object.keys(form.fields).sort().join(',')}`;
        if (seen.has(key) || /sign-out|merge/.test(form.action)) continue;
        if (!Object.values(form.fields).includes(PAYLOAD)) continue;
        seen.add(key);
        const fields = Object.fromEntries(
          Object.entries(form.fields).map(([name, value]) => [name, value === PAYLOAD ? 'a\u0000b' : value]),
        );
        const csrf = (await client.csrfFrom(form.page).catch(() => null)) ?? '';
        const answer = await client.post(
          form.action,
          { ...fields, _csrf: csrf },
          { referer: `http://localhost${form.page}` },
        );
        if (answer.statusCode >= 500)
          serverErrors.push(`${persona}: POST ${form.action} (${answer.statusCode})`);
        const location = answer.headers.location;
        if (answer.statusCode === 303 && typeof location === 'string') {
          const next = await client.get(location);
          if (next.statusCode >= 500)
            serverErrors.push(`${persona}: GET ${location} after POST ${form.action}`);
          if (next.body.includes('must not contain a NUL character')) refused++;
        }
      }
    }
    expect(serverErrors).toEqual([]);
    expect(refused).toBeGreaterThan(10);

    const nulGias = Buffer.from(
      'URN,LA (code),EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name)\r\n900600,383,Oak\u0000,Community school,Open,Primary\r\n',
    );
    const gias = await (await clientFor('admin')).upload(
      paths.admin.registerImport,
      { kind: 'establishments' },
      { name: 'gias.csv', bytes: nulGias },
    );
    expect(gias.statusCode).toBe(422);
    expect(gias.body).toContain('NUL character');
    const nulEnrolments = Buffer.from(
      'Hub,Year,Activity reference,Email,Given name,Family name\r\nwest-yorkshire,2023/24,PAYLOAD-1,a@example.org,A\u0000,B\r\n',
    );
    const delivery = await (await clientFor('hubLead')).upload(
      paths.myHub.imports,
      { kind: 'enrolments' },
      { name: 'enrolments.csv', bytes: nulEnrolments },
    );
    expect(delivery.statusCode).toBe(422);
    expect(delivery.body).toContain('NUL character');
  }, 480_000);
});
