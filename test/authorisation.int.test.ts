import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/modules/auth/api-tokens.ts';
import { replyToThread, startThread } from '../src/modules/communities/post-message.ts';
import { findSpace } from '../src/modules/communities/spaces.ts';
import { createDocument } from '../src/modules/documents/documents.ts';
import { createSharedPage } from '../src/modules/documents/pages.ts';
import { recordVisit } from '../src/modules/evaluation/record-visit.ts';
import { publishReport, startReport } from '../src/modules/evaluation/report-write.ts';
import { createFeed } from '../src/modules/events/calendar-feed.ts';
import { fundingClaims } from '../src/modules/funding/schema.ts';
import { hubAreas } from '../src/modules/hubs/schema.ts';
import { applyForProgramme } from '../src/modules/llme/applications.ts';
import { addCommunityLead, recordCommunityMeeting } from '../src/modules/llme/community.ts';
import { llmeCommunityLeads } from '../src/modules/llme/schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../src/modules/people/demo-accounts.ts';
import { roleAssignments } from '../src/modules/people/schema.ts';
import { interests } from '../src/modules/registration/schema.ts';
import { decideReferral, referSchool } from '../src/modules/targeted-support/referrals.ts';
import { personActor, systemActor } from '../src/platform/audit.ts';
import { TestClient } from './support/client.ts';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
} from './support/delivery-factories.ts';
import { givePlace, makeEvent } from './support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  type PersonRole,
  signedInClient,
} from './support/factories.ts';
import { makeHappiEvidenceFile } from './support/happi-factories.ts';
import { surveyRouteParams } from './support/survey-factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Every route, tried as every role and as a member of another hub. The table below is an independent
 * statement of who may use what; a route missing from it fails the test, so new routes must be added.
 */
const personas = [
  'anonymous',
  'nationalAdmin',
  'nationalAnalyst',
  'hubLeadership',
  'otherHubLeadership',
  'llme',
  'participant',
  'schoolContact',
  /** An NCP's Project Lead and Coordination Team member (NCP23-09), and the first hub's LA partner. */
  'ncpLead',
  'ncpCoordination',
  'laPartner',
] as const;
type Persona = (typeof personas)[number];

const everyone = personas;
const signedIn = personas.filter((p) => p !== 'anonymous');
const national: Persona[] = ['nationalAdmin', 'nationalAnalyst'];
const admin: Persona[] = ['nationalAdmin'];
const nationalAndLeadership: Persona[] = [
  'nationalAdmin',
  'nationalAnalyst',
  'hubLeadership',
  'otherHubLeadership',
];
const adminAndLeadership: Persona[] = ['nationalAdmin', 'hubLeadership', 'otherHubLeadership'];
const ncpTeam: Persona[] = ['ncpLead', 'ncpCoordination'];

const matrix: Record<string, readonly Persona[]> = {
  'GET /': everyone,
  'GET /dashboard': signedIn,
  'GET /sign-in': everyone,
  'POST /sign-in': everyone,
  'GET /sign-in/code': everyone,
  'POST /sign-in/code': everyone,
  'GET /sign-in/password': everyone,
  'POST /sign-in/password': everyone,
  'POST /sign-in/demo': everyone,
  'GET /create-account': everyone,
  'POST /create-account': everyone,
  'GET /create-account/code': everyone,
  'POST /create-account/code': everyone,
  'GET /sign-out': everyone,
  'POST /sign-out': everyone,
  'GET /account': signedIn,
  'GET /account/password': signedIn,
  'POST /account/password': signedIn,
  'GET /account/details': signedIn,
  'POST /account/details': signedIn,
  'GET /account/school': signedIn,
  'POST /account/school': signedIn,
  'GET /account/year-groups': signedIn,
  'POST /account/year-groups': signedIn,
  'POST /account/sign-out-everywhere': signedIn,
  'GET /account/invitations': signedIn,
  'POST /account/invitations': signedIn,
  'GET /account/api-tokens': signedIn,
  'POST /account/api-tokens': signedIn,
  'POST /account/api-tokens/:id/revoke': signedIn,
  'GET /outbox': everyone, // development and test only: 404 in production (tested in the auth module)
  'GET /api/v1/me': signedIn,
  'GET /find-your-hub': everyone,
  'GET /schools/:urn': everyone,
  'GET /schools/search': everyone,
  'GET /api/v1/find-your-hub': everyone,
  'GET /admin/register/import': admin,
  'POST /admin/register/import': admin,
  'GET /admin/register/imports': national,
  'GET /api/v1/schools': signedIn,
  'GET /api/v1/schools/:urn': signedIn,
  'GET /hubs': everyone,
  'GET /hubs/:slug': everyone,
  'GET /hubs/:slug/offer': everyone,
  'GET /local-authorities': everyone,
  'GET /api/v1/hubs': everyone,
  'GET /api/v1/hubs/:slug': everyone,
  'GET /api/v1/local-authorities': everyone,
  'GET /admin/local-authorities': national,
  'GET /admin/local-authorities/:code': admin,
  'POST /admin/local-authorities/:code': admin,
  'GET /admin/hubs': national,
  'GET /admin/hubs/:id': national,
  'POST /admin/hubs/:id': admin,
  'GET /admin/hubs/:id/areas': admin,
  'POST /admin/hubs/:id/areas': admin,
  'POST /admin/hubs/:id/areas/:areaId/remove': admin,
  'GET /admin/event-log': nationalAndLeadership,
  'GET /admin/people': nationalAndLeadership,
  'GET /admin/people/new': adminAndLeadership,
  'POST /admin/people': adminAndLeadership,
  // The person and role used below belong to the first hub: the other hub's leadership may not touch them.
  'GET /admin/people/:id': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'POST /admin/people/:id/roles': ['nationalAdmin', 'hubLeadership'],
  'GET /admin/people/:id/school': ['nationalAdmin', 'hubLeadership'],
  'POST /admin/people/:id/school': ['nationalAdmin', 'hubLeadership'],
  'GET /admin/people/:id/details': ['nationalAdmin', 'hubLeadership'],
  'POST /admin/people/:id/details': ['nationalAdmin', 'hubLeadership'],
  'GET /admin/people/:id/roles/:roleId/end': ['nationalAdmin', 'hubLeadership'],
  'POST /admin/people/:id/roles/:roleId/end': ['nationalAdmin', 'hubLeadership'],
  // The catalogue: published documents, read by everyone signed in (and the public API), changed nationally.
  'GET /catalogue': signedIn,
  'POST /catalogue/copy-forward': admin,
  'GET /catalogue/:year': signedIn,
  'GET /catalogue/:year/:code': signedIn,
  'GET /catalogue/:year/:code/edit': admin,
  'POST /catalogue/:year/:code/edit': admin,
  'GET /catalogue/:year/publish': admin,
  'POST /catalogue/:year/publish': admin,
  'GET /api/v1/catalogue/:year': everyone,
  'GET /api/v1/catalogue/:year/:code': everyone,
  // Hub delivery: each hub's leadership for their own hub (the lists show their own hub), national staff
  // for all; the activity below belongs to the first hub and is led by the LLME persona.
  'GET /hub/activities': nationalAndLeadership,
  'GET /hub/activities/new': adminAndLeadership,
  'POST /hub/activities/new': adminAndLeadership,
  'GET /hub/activities/continue': adminAndLeadership,
  'POST /hub/activities/continue': adminAndLeadership,
  'GET /hub/llmes': nationalAndLeadership,
  'GET /activities/:id': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'GET /activities/:id/edit': ['nationalAdmin', 'hubLeadership'],
  'POST /activities/:id/edit': ['nationalAdmin', 'hubLeadership'],
  'POST /activities/:id/leads': ['nationalAdmin', 'hubLeadership'],
  'POST /activities/:id/schools': ['nationalAdmin', 'hubLeadership'],
  'GET /activities/:id/schools/:urn/withdraw': ['nationalAdmin', 'hubLeadership'],
  'POST /activities/:id/participants': ['nationalAdmin', 'hubLeadership'],
  'GET /activities/:id/participants/:enrolmentId/withdraw': ['nationalAdmin', 'hubLeadership'],
  'POST /activities/:id/sessions': ['nationalAdmin', 'hubLeadership'],
  // The end of an activity: its leads and the hub's leadership record outcomes and reinstate (the
  // withdrawn school and deferred participant below); the hub's leadership close and reopen it.
  'GET /activities/:id/outcomes': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/outcomes': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /activities/:id/schools/:urn/reinstate': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /activities/:id/participants/:enrolmentId/reinstate': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/schools/:urn/reinstate': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/participants/:enrolmentId/reinstate': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /activities/:id/close': ['nationalAdmin', 'hubLeadership'],
  'POST /activities/:id/close': ['nationalAdmin', 'hubLeadership'],
  'POST /activities/:id/reopen': ['nationalAdmin', 'hubLeadership'],
  'POST /api/v1/activities/:id/schools/:urn/outcome': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /api/v1/activities/:id/participants/:enrolmentId/outcome': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /activities/:id/sessions/:sessionId': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/sessions/:sessionId': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /my/activities': ['llme'],
  'GET /api/v1/hubs/:slug/activities': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'GET /api/v1/activities/:id': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'PATCH /api/v1/activities/:id': ['nationalAdmin', 'hubLeadership'],
  'POST /api/v1/hubs/:slug/activities/continue': ['nationalAdmin', 'hubLeadership'],
  // The year's writes through the API, as the pages allow them.
  'POST /api/v1/hubs/:slug/activities': ['nationalAdmin', 'hubLeadership'],
  'POST /api/v1/activities/:id/leads': ['nationalAdmin', 'hubLeadership'],
  'POST /api/v1/activities/:id/schools': ['nationalAdmin', 'hubLeadership'],
  'POST /api/v1/activities/:id/sessions': ['nationalAdmin', 'hubLeadership'],
  'PUT /api/v1/activities/:id/sessions/:sessionId/register': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /api/v1/activities/:id/close': ['nationalAdmin', 'hubLeadership'],
  // Registration: hub leadership register people on their hub's activities; participants and school
  // contacts register themselves and their school, and a school contact the teachers of their school.
  'GET /activities/:id/register': ['hubLeadership', 'participant', 'schoolContact'],
  'POST /activities/:id/register': ['hubLeadership', 'participant', 'schoolContact'],
  'POST /activities/:id/direct-registration': ['hubLeadership'],
  'GET /register-interest': signedIn,
  'POST /register-interest': signedIn,
  'GET /hub/interest': [...nationalAndLeadership, 'laPartner'],
  'POST /api/v1/activities/:id/interest': signedIn,
  'GET /api/v1/hubs/:slug/interest': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'laPartner'],
  'POST /api/v1/hubs/:slug/interest/registrations': ['hubLeadership'],
  'POST /hub/interest/register': ['hubLeadership', 'otherHubLeadership'],
  // Declining one interest: its hub's leadership only (another hub's is not found).
  'GET /hub/interest/:interestId/decline': ['hubLeadership'],
  'POST /hub/interest/:interestId/decline': ['hubLeadership'],
  'GET /my/programmes': signedIn,
  'GET /my/programmes/:enrolmentId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'participant'],
  'POST /api/v1/activities/:id/registrations': ['hubLeadership', 'participant', 'schoolContact'],
  'GET /api/v1/me/programmes': signedIn,
  'GET /api/v1/me/programmes/:enrolmentId': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'participant',
  ],
  'GET /api/v1/hubs/:slug/registrations': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'GET /admin/people/duplicates': nationalAndLeadership,
  'GET /admin/people/duplicates/merge': adminAndLeadership,
  'POST /admin/people/duplicates/merge': adminAndLeadership,
  // School journeys and funnels (the school below is in the first hub's area and its activity).
  'GET /hub/schools': nationalAndLeadership,
  'GET /hub/schools/:urn': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme', 'schoolContact'],
  'POST /hub/schools/:urn/criteria': ['nationalAdmin', 'hubLeadership'],
  'GET /hub/funnels': nationalAndLeadership,
  'GET /my/school': ['schoolContact'],
  'GET /api/v1/schools/:urn/journey': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
    'schoolContact',
  ],
  // Reports: the national annual report for national staff; each hub's dashboard for its leadership.
  'GET /reports/annual': national,
  // The 40 hubs side by side with England (issue 17): national staff only.
  'GET /reports/hubs-compared': national,
  'GET /api/v1/reports/annual/:year': national,
  // Accreditations, recorded by national administrators (the system holding the NCETM's awards).
  'POST /api/v1/accreditations': admin,
  // Accreditations on a person's page and from a file (issue 16): national administrators.
  'POST /admin/people/:id/accreditations': admin,
  'GET /admin/accreditations/import': admin,
  'POST /admin/accreditations/import': admin,
  // LLME development programmes (issue 16): teachers (participants, LLMEs) apply, hub leadership nominate
  // and sponsor their hub's, national administrators decide and record completion. The application below
  // is the participant's, through the first hub.
  'GET /llme/applications': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'otherHubLeadership',
    'llme',
    'participant',
  ],
  'GET /llme/apply': ['llme', 'participant'],
  'POST /llme/apply': ['llme', 'participant'],
  'GET /llme/nominate': ['hubLeadership', 'otherHubLeadership'],
  'POST /llme/nominate': ['hubLeadership', 'otherHubLeadership'],
  'GET /llme/applications/:applicationId': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'participant',
  ],
  'POST /llme/applications/:applicationId/sponsorship': ['hubLeadership'],
  'POST /llme/applications/:applicationId/decision': admin,
  'POST /llme/applications/:applicationId/completion': admin,
  'GET /hub/llme-workshops': nationalAndLeadership,
  // The hub's LLME community: read by the national team and hub leadership, changed by its leadership and
  // national administrators (the lead and meeting below are the first hub's).
  'GET /hub/llme-community': nationalAndLeadership,
  'POST /hub/llme-community/leads': ['nationalAdmin', 'hubLeadership'],
  'POST /hub/llme-community/leads/:leadId/remove': ['nationalAdmin', 'hubLeadership'],
  'POST /hub/llme-community/meetings': ['nationalAdmin', 'hubLeadership'],
  'GET /hub/llme-community/meetings/:meetingId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'POST /hub/llme-community/meetings/:meetingId': ['nationalAdmin', 'hubLeadership'],
  'GET /hub/dashboard': nationalAndLeadership,
  // Evaluation (issue 15): the section's start page for hub leadership and the national team.
  'GET /evaluation': nationalAndLeadership,
  // The one evaluation page of an activity (who may see the activity), of a hub and of an NCP.
  'GET /activities/:id/evaluation': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'GET /evaluation/hub': nationalAndLeadership,
  'GET /evaluation/ncp': [...nationalAndLeadership, ...ncpTeam],
  // HAPPI forms (issue 15): the list for the national team and hub leadership (their hubs); a form for
  // those who see the activity (national staff, its hub's leadership, its leads); written and submitted
  // by its leads only; reviewed by its hub's leadership only (another hub's is not found).
  'GET /evaluation/happi': [...nationalAndLeadership, ...ncpTeam],
  'GET /activities/:id/happi': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'GET /activities/:id/happi/plan': ['llme'],
  'POST /activities/:id/happi/plan': ['llme'],
  'GET /activities/:id/happi/impact': ['llme'],
  'POST /activities/:id/happi/impact': ['llme'],
  'POST /activities/:id/happi/progress': ['llme'],
  'POST /activities/:id/happi/submit': ['llme'],
  'POST /activities/:id/happi/review': ['hubLeadership'],
  // Evidence files: uploaded and removed (asked first) by the activity's lead, read by whoever sees the form.
  'POST /activities/:id/happi/files': ['llme'],
  'GET /activities/:id/happi/files/:fileId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'GET /activities/:id/happi/files/:fileId/remove': ['llme'],
  'POST /activities/:id/happi/files/:fileId/remove': ['llme'],
  // Evaluation, national surveys: templates and windows (national team reads, administrators change),
  // completion (national team and hub leadership), one activity's completion and reminders (who may see
  // the activity / take its registers), answering by one's own link (anyone holding it; another person
  // signed in is refused) or signed in (the participant invited).
  'GET /evaluation/surveys/templates': national,
  'GET /evaluation/surveys/templates/new': admin,
  'POST /evaluation/surveys/templates/new': admin,
  'GET /evaluation/surveys/templates/:templateId': national,
  'POST /evaluation/surveys/templates/:templateId': admin,
  'POST /evaluation/surveys/templates/:templateId/questions': admin,
  'POST /evaluation/surveys/templates/:templateId/questions/remove': admin,
  'POST /evaluation/surveys/templates/:templateId/publish': admin,
  'POST /evaluation/surveys/templates/:templateId/new-version': admin,
  'GET /evaluation/surveys/windows': national,
  'POST /evaluation/surveys/windows': admin,
  'GET /evaluation/surveys/issue': admin,
  'POST /evaluation/surveys/issue': admin,
  'GET /evaluation/surveys/completion': nationalAndLeadership,
  'GET /evaluation/surveys/activities/:activityId': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
  ],
  'POST /evaluation/surveys/activities/:activityId/remind': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /surveys': signedIn,
  'GET /surveys/:invitationId': ['participant'],
  'POST /surveys/:invitationId': ['participant'],
  'GET /surveys/answer/:surveyToken': ['anonymous', 'participant'],
  'POST /surveys/answer/:surveyToken': ['anonymous', 'participant'],
  // Evaluation reports (issue 15): the report is a draft of the first hub (its leadership and the national
  // team read it; its leadership and national administrators write it; published, every hub's leadership
  // would read it); the action is the LLME's, from a published report of the first hub: its owner and the
  // report's writers follow it up, the national team reads it. Anyone signed in sees their own actions.
  'GET /evaluation/reports': nationalAndLeadership,
  'GET /evaluation/reports/search': nationalAndLeadership,
  'GET /evaluation/reports/new': adminAndLeadership,
  'POST /evaluation/reports/new': adminAndLeadership,
  'GET /evaluation/reports/:reportId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'GET /evaluation/reports/:reportId/edit': ['nationalAdmin', 'hubLeadership'],
  'POST /evaluation/reports/:reportId/edit': ['nationalAdmin', 'hubLeadership'],
  'GET /evaluation/reports/:reportId/publish': ['nationalAdmin', 'hubLeadership'],
  'POST /evaluation/reports/:reportId/publish': ['nationalAdmin', 'hubLeadership'],
  'GET /evaluation/actions': signedIn,
  'GET /evaluation/actions/:actionId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'POST /evaluation/actions/:actionId': ['nationalAdmin', 'hubLeadership', 'llme'],
  // Visits (issue 15): an activity's visits, their coverage and each visit for whoever sees the activity (its
  // lead, its hub's leadership, national staff); recorded, changed and deleted (asked first) by its lead, its
  // hub's leadership and national administrators; the hub's visits for hub leadership and the national team.
  'GET /evaluation/visits': nationalAndLeadership,
  'GET /evaluation/visits/my-actions': signedIn,
  'GET /activities/:id/visits': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'GET /activities/:id/visits/coverage': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'GET /activities/:id/visits/:visitId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  'GET /activities/:id/visits/new': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/visits/new': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /activities/:id/visits/:visitId/edit': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/visits/:visitId/edit': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /activities/:id/visits/:visitId/delete': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/visits/:visitId/delete': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /activities/:id/visits/:visitId/actions': ['nationalAdmin', 'hubLeadership', 'llme'],
  // Survey results: the NCP across hubs for the national team; a hub's for its leadership (their own
  // hub without ?hub=) and the national team; an activity's for its leads, its hub's leadership and
  // the national team (the activity below is the first hub's, led by the LLME persona).
  'GET /evaluation/surveys/results': [...national, ...ncpTeam],
  'GET /evaluation/surveys/results/hub': nationalAndLeadership,
  'GET /activities/:id/survey-results': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme'],
  // Bulk imports: each hub's leadership for their own hub's rows, national administrators for any.
  'GET /hub/imports': adminAndLeadership,
  'POST /hub/imports': adminAndLeadership,
  // Funding: each hub's leadership see their own statement and claims and submit claims; national staff
  // read all; national administrators edit rules, close statements and decide claims (of the first hub).
  'GET /hub/funding': nationalAndLeadership,
  'POST /hub/funding/close': admin,
  'POST /hub/funding/role': admin,
  'GET /hub/funding/claims': nationalAndLeadership,
  'GET /hub/funding/claims/new': ['hubLeadership', 'otherHubLeadership'],
  'POST /hub/funding/claims/new': ['hubLeadership', 'otherHubLeadership'],
  'GET /funding': national,
  'GET /funding/claims': national,
  'GET /funding/claims/:claimId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'POST /funding/claims/:claimId': admin,
  'GET /funding/rules/:year': national,
  'GET /funding/rules/:year/:ncpCode/edit': admin,
  'POST /funding/rules/:year/:ncpCode/edit': admin,
  'GET /api/v1/hubs/:slug/funding/:year': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  // Events: the event below is a hub-a event for hub-a's participants and the LLME persona; its
  // organisers are hub-a's leadership and the national team (analysts read its lists).
  'GET /events': signedIn,
  'GET /events/:id': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme', 'participant'],
  // Uploaded documents: those with a place, and the event's organisers and list readers (before the participant's place is cancelled below).
  'GET /events/:id/files/:documentId/versions/:versionId': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'participant',
  ],
  'POST /events/:id/confirm': ['llme', 'participant'],
  // Asking to cancel: a person without a place is sent back to the event's page.
  'GET /events/:id/cancel-place': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
    'participant',
  ],
  'POST /events/:id/cancel-place': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
    'participant',
  ],
  'POST /events/:id/requirements': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
    'participant',
  ],
  'POST /events/:id/comments': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership', 'llme', 'participant'],
  'GET /events/:id/calendar.ics': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
    'participant',
  ],
  'GET /events/connect/:token': ['participant'], // the participant's own Connect link
  'GET /events/calendar-feed': signedIn,
  'POST /events/calendar-feed': signedIn,
  'POST /events/calendar-feed/revoke': signedIn,
  'GET /calendar/:token.ics': everyone, // found by its secret (another person's feed, below)
  'GET /events/email-preferences': signedIn,
  'POST /events/email-preferences': signedIn,
  'GET /organise/events': [...nationalAndLeadership, ...ncpTeam],
  'GET /organise/events/new': adminAndLeadership,
  'POST /organise/events/new': adminAndLeadership,
  'GET /organise/events/:id': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'GET /organise/events/:id/edit': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/edit': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/cancel': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/add-person': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/attendance': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/attendance/import': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/documents': ['nationalAdmin', 'hubLeadership'],
  'GET /organise/events/:id/files/new': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/files/new': ['nationalAdmin', 'hubLeadership'],
  'GET /organise/events/:id/files/:documentId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'POST /organise/events/:id/files/:documentId': ['nationalAdmin', 'hubLeadership'],
  'GET /organise/events/:id/files/:documentId/delete': ['nationalAdmin', 'hubLeadership'],
  'POST /organise/events/:id/files/:documentId/delete': ['nationalAdmin', 'hubLeadership'],
  'GET /admin/bank-holidays': admin,
  'POST /admin/bank-holidays': admin,
  'GET /api/v1/events': signedIn,
  'POST /api/v1/events/:id/confirm': ['llme', 'participant'],
  'POST /api/v1/events/:id/cancel': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
    'participant',
  ],
  // Targeted Support (issue 16): the lists for the hub scope and ISPs (the LLME below is also the ISP of
  // the partnership: an ISP sees their own partnerships only); referring, deciding and importing for hub
  // leadership and national administrators (another hub's referral is not found); the partnership for its
  // hub's staff and its ISP, its plan for its ISP and those who change its hub's records, its handover
  // for hub leadership and national administrators.
  'GET /targeted-support': [...nationalAndLeadership, 'llme'],
  'GET /targeted-support/referrals/new': adminAndLeadership,
  'POST /targeted-support/referrals/new': adminAndLeadership,
  'GET /targeted-support/referrals/import': adminAndLeadership,
  'POST /targeted-support/referrals/import': adminAndLeadership,
  'GET /targeted-support/referrals/:referralId': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'POST /targeted-support/referrals/:referralId': ['nationalAdmin', 'hubLeadership'],
  'GET /targeted-support/partnerships/:partnershipId': [
    'nationalAdmin',
    'nationalAnalyst',
    'hubLeadership',
    'llme',
  ],
  'POST /targeted-support/partnerships/:partnershipId/plan': ['nationalAdmin', 'hubLeadership', 'llme'],
  'POST /targeted-support/partnerships/:partnershipId/phase': ['nationalAdmin', 'hubLeadership', 'llme'],
  'GET /targeted-support/partnerships/:partnershipId/handover': ['nationalAdmin', 'hubLeadership'],
  'POST /targeted-support/partnerships/:partnershipId/handover': ['nationalAdmin', 'hubLeadership'],
  // UK GDPR: the public privacy notice; everyone's own data; a person's data for national staff and
  // the leadership of a hub that can see them (the person below is the first hub's); erasure and the
  // retention report for the national team.
  'GET /privacy': everyone,
  'GET /account/your-data': signedIn,
  'GET /account/your-data.json': signedIn,
  'GET /admin/people/:id/data': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'GET /admin/people/:id/data.json': ['nationalAdmin', 'nationalAnalyst', 'hubLeadership'],
  'GET /admin/people/:id/erase': admin,
  'POST /admin/people/:id/erase': admin, // without its confirmation the form comes back: nobody is erased
  'GET /admin/privacy/retention': national,
  // Communities (issue 18): anyone signed in has their spaces; the space below is NCP23-09's, whose
  // members are the LLME (who leads its Work Group) and, as its leads, the national administrators and
  // NCP 09's Project Lead and Coordination Team. Pinning and guests: its leads; editing and posting a
  // waiting message: the message's author (the LLME); opening an activity's space: the activity's lead.
  'GET /communities': signedIn,
  'GET /communities/whats-new': signedIn,
  'GET /communities/search': signedIn,
  'GET /communities/spaces/:space': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/spaces/:space/members': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/threads': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/notifications': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/guests': [...admin, ...ncpTeam],
  'POST /communities/spaces/:space/guests/:personId/remove': [...admin, ...ncpTeam],
  'POST /communities/activities/:activityId/open': ['llme'],
  'GET /communities/spaces/:space/documents': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/documents': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/spaces/:space/documents/:documentId': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/documents/:documentId': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/spaces/:space/documents/:documentId/versions/:versionId': [
    'nationalAdmin',
    'llme',
    ...ncpTeam,
  ],
  'GET /communities/spaces/:space/documents/:documentId/delete': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/documents/:documentId/delete': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/spaces/:space/pages': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/pages': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/spaces/:space/pages/:pageId': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/spaces/:space/pages/:pageId/edit': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/spaces/:space/pages/:pageId/edit': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/spaces/:space/pages/:pageId/revisions/:revision': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/threads/:threadId': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/threads/:threadId/replies': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/threads/:threadId/pin': [...admin, ...ncpTeam],
  'POST /communities/threads/:threadId/read': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/threads/:threadId/notifications': ['nationalAdmin', 'llme', ...ncpTeam],
  'GET /communities/messages/:messageId/edit': ['llme'],
  'POST /communities/messages/:messageId/edit': ['llme'],
  'POST /communities/messages/:messageId/delete': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/messages/:messageId/boost': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/messages/:messageId/answer': ['nationalAdmin', 'llme', ...ncpTeam],
  'POST /communities/messages/:messageId/post-now': ['llme'],
};

describe('authorisation of every route', () => {
  let t: TestContext;
  const personIds = new Map<Persona, number>();
  const tokens = new Map<Persona, string>();
  const params: Record<string, string> = {};
  /** The NCP space's row id (the owner of its documents). */
  let spaceDocumentOwner = 0;
  let otherHubPersonId = 0;
  let demoPersonId = 0;
  let otherHubRoleId = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    const hub = await makeHub(t.db, { slug: 'hub-a' }, [{ laCode: '383' }]);
    const otherHub = await makeHub(t.db, { slug: 'hub-b' }, [{ laCode: '380' }]);
    const school = await makeSchool(t.db, { laCode: '383' });
    // An area that the route removing areas may remove without moving the first hub's schools.
    await makeLocalAuthority(t.db, { code: '384', name: 'Wakefield' });
    const [area] = await t.db.insert(hubAreas).values({ hubId: hub.id, laCode: '384' }).returning();
    const rolesOf: Record<Exclude<Persona, 'anonymous'>, PersonRole[]> = {
      nationalAdmin: [{ role: 'national_admin' }],
      nationalAnalyst: [{ role: 'national_analyst' }],
      hubLeadership: [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }],
      otherHubLeadership: [{ role: 'hub_leadership', hubId: otherHub.id, title: 'Project Manager' }],
      llme: [
        { role: 'llme', hubId: hub.id, title: 'Work Group Lead' },
        { role: 'intensive_support_partner', hubId: hub.id },
      ],
      participant: [{ role: 'participant', hubId: hub.id }],
      schoolContact: [{ role: 'school_contact', hubId: hub.id, schoolUrn: school.urn }],
      ncpLead: [{ role: 'ncp_project_lead', ncpKey: '09' }],
      ncpCoordination: [{ role: 'ncp_coordination', ncpKey: '09' }],
      laPartner: [{ role: 'la_partner', hubId: hub.id, laCode: '383' }],
    };
    for (const [persona, roles] of Object.entries(rolesOf) as [Persona, PersonRole[]][]) {
      const person = await makePerson(t.db, roles);
      personIds.set(persona, person.id);
      const { token } = await createApiToken(t.db, systemActor('test'), {
        personId: person.id,
        name: 'test',
      });
      tokens.set(persona, token);
    }
    demoPersonId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { email: `wgl@${DEMO_EMAIL_DOMAIN}` })
    ).id;
    const participantInHub = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const [role] = await t.db.select().from(roleAssignments).where(eqPerson(participantInHub.id));
    const participantInOtherHub = await makePerson(t.db, [{ role: 'participant', hubId: otherHub.id }]);
    const [otherRole] = await t.db.select().from(roleAssignments).where(eqPerson(participantInOtherHub.id));
    otherHubPersonId = participantInOtherHub.id;
    otherHubRoleId = otherRole!.id;
    const ncp = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-09',
      title: 'Primary TfM Development Work Groups',
    });
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' });
    await addLead(t.db, activity.id, personIds.get('llme')!);
    await addSchool(t.db, activity.id, school.urn);
    const session = await makeSession(t.db, { activityId: activity.id, startsAt: '2023-10-10T13:30:00Z' });
    const enrolment = await enrol(t.db, {
      activityId: activity.id,
      personId: personIds.get('participant')!,
      schoolUrn: school.urn,
    });
    // Someone to reinstate: a school that withdrew and a participant who deferred to next year.
    const withdrawnSchool = await makeSchool(t.db, { laCode: '383' });
    await addSchool(t.db, activity.id, withdrawnSchool.urn, 'withdrawn');
    const deferred = await enrol(t.db, {
      activityId: activity.id,
      personId: (await makePerson(t.db)).id,
      schoolUrn: school.urn,
      status: 'deferred',
    });
    const [interest] = await t.db
      .insert(interests)
      .values({
        activityId: activity.id,
        hubId: hub.id,
        personId: participantInHub.id,
        schoolUrn: school.urn,
      })
      .returning();
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
      })
      .returning();
    // Invited by name: the school contact becomes a participant of the hub when the registration API
    // is tried above, so a role target would let them in too.
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      invite: [personIds.get('llme')!, personIds.get('participant')!],
    });
    const place = await givePlace(t.db, event.id, personIds.get('participant')!);
    // An uploaded document of the event (`:documentId`, `:versionId`).
    const eventFile = await createDocument(
      t.db,
      systemActor('test'),
      {
        ownerKind: 'event',
        ownerId: String(event.id),
        title: 'Slides',
        file: { filename: 'slides.pdf', bytes: Buffer.from('%PDF-1.4\n') },
      },
      { store: t.services.documentStore },
    );
    Object.assign(params, {
      documentId: String(eventFile.documentId),
      versionId: String(eventFile.versionId),
    });
    const feedOwner = await makePerson(t.db);
    const feedToken = await createFeed(t.db, personActor(feedOwner.id), { personId: feedOwner.id });
    // Surveys: a template, its window and the participant's invitation (`:templateId`, `:invitationId`, `:surveyToken`).
    Object.assign(
      params,
      await surveyRouteParams(t.db, {
        activityId: activity.id,
        hubId: hub.id,
        personId: personIds.get('participant')!,
        yearCode: '2023/24',
      }),
    );
    // Evaluation reports: a draft of the first hub, and a published one whose action the LLME owns.
    const reportContent = (title: string, ownerPersonId: number | null) => ({
      title,
      yearCode: '2023/24',
      ncpKey: null,
      researchQuestions: ['What helps?'],
      context: 'Context',
      activityAndData: 'Visits',
      conclusion: 'Conclusion',
      themes: [
        { finding: 'A finding', implications: [{ text: 'Do it', ownerPersonId, dueOn: '2025-03-14' }] },
      ],
      evidence: [],
      coauthorPersonIds: [],
    });
    const { reportId: draftReportId } = await startReport(t.db, systemActor('test'), {
      hubId: hub.id,
      content: reportContent('A draft report', null),
    });
    const { reportId: publishedReportId } = await startReport(t.db, systemActor('test'), {
      hubId: hub.id,
      content: reportContent('A published report', personIds.get('llme')!),
    });
    const [actionId] = (
      await publishReport(t.db, systemActor('test'), { reportId: publishedReportId, version: 1 })
    ).actionIds;
    Object.assign(params, {
      reportId: String(draftReportId),
      actionId: String(actionId),
    });
    // Visits (issue 15): a visit to the activity's school by its lead.
    const { visitId } = await recordVisit(t.db, personActor(personIds.get('llme')!), {
      activityId: activity.id,
      schoolUrn: school.urn,
      visitedOn: '2023-11-15',
      visitorIds: [personIds.get('llme')!],
      yearGroups: ['Year 2'],
      classesSeen: null,
      focus: 'Fluency',
      notes: null,
      actions: [],
      removedActionIds: [],
    });
    // A HAPPI form of the activity in its impact section, with an evidence file.
    const evidence = await makeHappiEvidenceFile(t.db, {
      activityId: activity.id,
      hubId: hub.id,
      yearCode: '2023/24',
      personId: personIds.get('llme')!,
    });
    // Targeted Support: a referral waiting, and a partnership with the LLME as its ISP.
    await makeNcp(t.db, {
      yearCode: '2023/24',
      title: 'Targeted Support in Maths',
      type: 'intensive_support',
    });
    const { referralId } = await referSchool(t.db, systemActor('test'), {
      urn: school.urn,
      barriers: 'Leadership capacity',
      source: 'other',
      scope: { kind: 'all' },
      yearCode: '2023/24',
    });
    const waitingSchool = await makeSchool(t.db, { laCode: '383' });
    const { referralId: waitingReferralId } = await referSchool(t.db, systemActor('test'), {
      urn: waitingSchool.urn,
      barriers: 'Staffing',
      source: 'other',
      scope: { kind: 'all' },
      yearCode: '2023/24',
    });
    const { partnershipId } = await decideReferral(
      t.db,
      systemActor('test'),
      {
        referralId,
        decision: {
          decision: 'intensive',
          ispPersonId: personIds.get('llme')!,
          ispCredentials: 'Mastery Specialist',
          schoolLeaders: 'Head teacher',
        },
        by: null,
      },
      { mailer: t.services.mailer },
    );
    Object.assign(params, {
      referralId: String(waitingReferralId),
      partnershipId: String(partnershipId),
    });
    Object.assign(params, {
      fileId: String(evidence.fileId),
    });
    // LLME development programmes (issue 16): the participant's application through the first hub.
    const { applicationId } = await applyForProgramme(t.db, personActor(personIds.get('participant')!), {
      programme: 'pd_lead',
      hubId: hub.id,
      statement: 'I lead our school’s maths',
      hubIds: [hub.id],
    });
    // The first hub's LLME community: a lead and a meeting.
    await addCommunityLead(t.db, systemActor('test'), {
      hubId: hub.id,
      yearCode: '2023/24',
      personId: personIds.get('hubLeadership')!,
    });
    const [lead] = await t.db.select().from(llmeCommunityLeads);
    const { meetingId } = await recordCommunityMeeting(t.db, systemActor('test'), {
      hubId: hub.id,
      heldOn: '2023-11-20',
      title: 'Autumn meeting',
    });
    // Communities: a thread in NCP23-09's space by the LLME, with a reply of theirs.
    const ncpSpace = await findSpace(t.db, { kind: 'ncp', refId: ncp.id });
    const { threadId } = await startThread(
      t.db,
      personActor(personIds.get('llme')!),
      {
        space: ncpSpace!,
        title: 'A question',
        body: 'How do you start?',
        when: 'now',
      },
      t.services,
    );
    const { messageId } = await replyToThread(
      t.db,
      personActor(personIds.get('llme')!),
      {
        thread: {
          threadId,
          title: 'A question',
          authorPersonId: personIds.get('llme')!,
          published: true,
          pinned: false,
          answeredMessageId: null,
          spaceId: 0,
          space: { kind: 'ncp', refId: ncp.id },
        },
        hubId: null,
        body: 'Like this',
        when: 'now',
      },
      t.services,
    );
    // A document of that space (`:documentId` and `:versionId` under /communities/).
    const spaceFile = await createDocument(
      t.db,
      personActor(personIds.get('llme')!),
      {
        ownerKind: 'community_space',
        ownerId: (await findSpace(t.db, { kind: 'ncp', refId: ncp.id }))!.spaceId!,
        title: 'Notes',
        file: { filename: 'notes.pdf', bytes: Buffer.from('%PDF-1.4\n') },
      },
      { store: t.services.documentStore },
    );
    spaceDocumentOwner = (await findSpace(t.db, { kind: 'ncp', refId: ncp.id }))!.spaceId!;
    // A shared page of that space (`:pageId`, `:revision`).
    const sharedPage = await createSharedPage(t.db, personActor(personIds.get('llme')!), {
      ownerKind: 'community_space',
      ownerId: (await findSpace(t.db, { kind: 'ncp', refId: ncp.id }))!.spaceId!,
      title: 'Agreed approaches',
      body: 'We agree.',
    });
    Object.assign(params, {
      pageId: String(sharedPage.pageId),
      revision: '1',
      spaceDocumentId: String(spaceFile.documentId),
      spaceVersionId: String(spaceFile.versionId),
      space: `ncp-${ncp.id}`,
      threadId: String(threadId),
      messageId: String(messageId),
      leadId: String(lead!.id),
      meetingId: String(meetingId),
      applicationId: String(applicationId),
      visitId: String(visitId),
      claimId: String(claim!.id),
      interestId: String(interest!.id),
      eventId: String(event.id),
      connectToken: place.connectToken,
      feedToken,
      year: '2023-24',
      ncpCode: 'NCP23-09',
      activityId: String(activity.id),
      sessionId: String(session.id),
      enrolmentId: String(enrolment.id),
      urn: String(school.urn),
      reinstateEnrolmentId: String(deferred.id),
      reinstateUrn: String(withdrawnSchool.urn),
      slug: hub.slug,
      code: '383',
      areaId: String(area!.id),
      roleId: String(role!.id),
      // ':id' means a hub under /admin/hubs, a person under /admin/people, a token under /account.
      hubId: String(hub.id),
      personId: String(participantInHub.id),
      tokenId: '999999',
    });
  });
  afterAll(() => t?.close());

  const urlFor = (pattern: string) =>
    pattern.replace(/:(\w+)/g, (_m, name: string) => {
      if (name === 'id') {
        if (pattern.startsWith('/admin/hubs')) return params.hubId!;
        if (pattern.startsWith('/admin/people')) return params.personId!;
        if (pattern.startsWith('/activities') || pattern.startsWith('/api/v1/activities'))
          return params.activityId!;
        if (/^\/(api\/v1\/|organise\/)?events/.test(pattern)) return params.eventId!;
        return params.tokenId!;
      }
      // Reinstating needs someone who withdrew or deferred.
      if (pattern.endsWith('/reinstate') && (name === 'urn' || name === 'enrolmentId'))
        return name === 'urn' ? params.reinstateUrn! : params.reinstateEnrolmentId!;
      // ':code' is a local authority's code, or an NCP's code in the catalogue.
      if (name === 'code') return pattern.includes('/catalogue/') ? params.ncpCode! : params.code!;
      if (name === 'token')
        return pattern.startsWith('/calendar/') ? params.feedToken! : params.connectToken!;
      if (pattern.startsWith('/communities/') && (name === 'documentId' || name === 'versionId'))
        return name === 'documentId' ? params.spaceDocumentId! : params.spaceVersionId!;
      const value = params[name];
      if (!value) throw new Error(`No value for :${name} in ${pattern}: add one to the authorisation test`);
      return value;
    });

  const clientFor = async (persona: Persona) =>
    persona === 'anonymous' ? new TestClient(t.app) : signedInClient(t.app, t.db, personIds.get(persona)!);

  /** A real body for posts that need one to reach their own rule (the route's access is what is tested). */
  async function bodyFor(
    persona: Persona,
    url: string,
  ): Promise<{ url: string; fields: Record<string, string> }> {
    if (url === '/sign-in/demo') return { url, fields: { personId: String(demoPersonId) } };
    // The LLME community's forms name their hub: the first hub's (another hub's leadership is refused).
    // Removing a lead: a lead there to remove, each time.
    if (/^\/hub\/llme-community\/leads\/\d+\/remove$/.test(url)) {
      await t.db.delete(llmeCommunityLeads);
      const [lead] = await t.db
        .insert(llmeCommunityLeads)
        .values({
          hubId: Number(params.hubId),
          yearCode: '2023/24',
          personId: personIds.get('hubLeadership')!,
        })
        .returning();
      return { url: `/hub/llme-community/leads/${lead!.id}/remove`, fields: { hub: params.slug! } };
    }
    if (url.startsWith('/hub/llme-community/')) return { url, fields: { hub: params.slug! } };
    // Deleting a space's document: a document of the LLME's there to delete, each time.
    if (/^\/communities\/spaces\/[^/]+\/documents\/\d+\/delete$/.test(url)) {
      const { documentId } = await createDocument(
        t.db,
        personActor(personIds.get('llme')!),
        {
          ownerKind: 'community_space',
          ownerId: Number(spaceDocumentOwner),
          title: 'To delete',
          file: { filename: 'delete.pdf', bytes: Buffer.from('%PDF-1.4\n') },
        },
        { store: t.services.documentStore },
      );
      return { url: url.replace(/\/documents\/\d+\/delete$/, `/documents/${documentId}/delete`), fields: {} };
    }
    if (url.startsWith('/account/api-tokens/') && persona !== 'anonymous') {
      const { id } = await createApiToken(t.db, systemActor('test'), {
        personId: personIds.get(persona)!,
        name: 'to revoke',
      });
      return { url: `/account/api-tokens/${id}/revoke`, fields: {} };
    }
    return { url, fields: {} };
  }

  /**
   * A body the route's schema accepts (the schema is checked before the access rule), so that only
   * the access rule can refuse the call; for those allowed, a body their own rules refuse or that
   * changes nothing that matters here.
   */
  function apiPayloadFor(url: string): Record<string, unknown> {
    if (url === '/api/v1/accreditations')
      return { accreditations: [{ email: 'nobody-here@example.org', accreditation: 'pd_lead' }] };
    if (/^\/api\/v1\/hubs\/[^/]+\/activities$/.test(url))
      return {
        ncpCode: 'NCP00-00',
        kind: 'work_group',
        title: 'Refused',
        startsOn: '2023-10-02',
        endsOn: '2023-10-03',
      };
    if (url.endsWith('/schools')) return { urn: Number(params.urn) };
    if (url.endsWith('/leads')) return { personId: 999999, title: 'Work Group Lead' };
    if (url.endsWith('/sessions'))
      return { kind: 'trg', title: 'A later session', date: '2099-01-05', time: '16:00' };
    if (url.endsWith('/register')) return { marks: [] };
    return { schoolUrn: Number(params.urn), roleInSchool: 'Class teacher', yearGroups: ['Year 2'] };
  }

  async function call(persona: Persona, method: string, url: string): Promise<LightMyRequestResponse> {
    if (url.startsWith('/api/')) {
      const token = tokens.get(persona);
      const headers = token ? { authorization: `Bearer ${token}` } : {};
      // A body the route's schema accepts, so that only the access rule can refuse the call.
      const payload = apiPayloadFor(url);
      if (method === 'POST' || method === 'PATCH' || method === 'PUT')
        return t.app.inject({ method: method as 'POST', url, headers, payload });
      return t.app.inject({ method: method as 'GET', url, headers });
    }
    // A fresh session per call: some routes (sign out, a password change) end the caller's sessions.
    const client = await clientFor(persona);
    if (method === 'GET') return client.get(url);
    // A real form token (from a page with a form) so that only the access rule can refuse the post.
    const post = await bodyFor(persona, url);
    return client.submit(post.url, post.fields, persona === 'anonymous' ? '/sign-in' : '/account/password');
  }

  it('lists every route of the app in the table', () => {
    const routes = t.app.routeCatalogue.map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((r) => !routes.includes(r))).toEqual([]);
  });

  for (const [route, allowed] of Object.entries(matrix)) {
    it(`${route}: ${allowed.length === personas.length ? 'everyone' : allowed.join(', ')}`, async () => {
      const [method, pattern] = route.split(' ') as [string, string];
      const outcomes: Record<string, number | string> = {};
      for (const persona of personas) {
        const response = await call(persona, method, urlFor(pattern));
        // 404 counts as a refusal: a record outside someone's hub is "not found" to them.
        const denied =
          response.statusCode === 401 ||
          response.statusCode === 403 ||
          response.statusCode === 404 ||
          (response.statusCode === 302 && String(response.headers.location).startsWith('/sign-in?returnTo'));
        const expectDenied = !allowed.includes(persona);
        if (denied !== expectDenied)
          outcomes[persona] =
            `${expectDenied ? 'should be denied' : 'should be allowed'}, got ${response.statusCode}`;
        if (expectDenied && persona === 'anonymous' && method === 'GET' && !pattern.startsWith('/api/')) {
          // People who are not signed in are sent to sign in and brought back.
          expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(urlFor(pattern))}`);
        }
      }
      expect(outcomes).toEqual({});
    });
  }

  it('confines hub leadership to their own hub', async () => {
    const lead = await clientFor('hubLeadership');
    // Another hub's person is "not found": a refusal would say that they exist.
    const otherPerson = await lead.get(`/admin/people/${otherHubPersonId}`);
    expect(otherPerson.statusCode).toBe(404);
    const endOther = await lead.submit(
      `/admin/people/${otherHubPersonId}/roles/${otherHubRoleId}/end`,
      {},
      '/account/password',
    );
    expect([403, 404]).toContain(endOther.statusCode);
    const [stillThere] = await t.db.select().from(roleAssignments).where(eqPerson(otherHubPersonId));
    expect(stillThere!.endsOn).toBeNull();
    const list = await lead.get('/admin/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(`/admin/people/${otherHubPersonId}"`);
  });

  /**
   * The one documented answer for another hub's record, asked for by id or slug: "not found" (404),
   * never "forbidden" (403), so that the answer does not tell anyone that the record exists. Every
   * record below belongs to the first hub; the other hub's leadership asks for it.
   */
  const otherHubsRecords: [module: string, method: 'GET' | 'POST', url: () => string][] = [
    ['people: a person', 'GET', () => `/admin/people/${params.personId}`],
    ["people: a person's details", 'GET', () => `/admin/people/${params.personId}/details`],
    ['people: ending a role', 'POST', () => `/admin/people/${params.personId}/roles/${params.roleId}/end`],
    ['registration: an enrolment', 'GET', () => `/my/programmes/${params.enrolmentId}`],
    ["registration: a hub's registrations (API)", 'GET', () => `/api/v1/hubs/${params.slug}/registrations`],
    ['activities: an activity', 'GET', () => `/activities/${params.activityId}`],
    ['activities: an activity (API)', 'GET', () => `/api/v1/activities/${params.activityId}`],
    [
      'activities: withdrawing a school',
      'GET',
      () => `/activities/${params.activityId}/schools/${params.urn}/withdraw`,
    ],
    [
      'activities: withdrawing a participant',
      'GET',
      () => `/activities/${params.activityId}/participants/${params.enrolmentId}/withdraw`,
    ],
    ["activities: a hub's activities (API)", 'GET', () => `/api/v1/hubs/${params.slug}/activities`],
    ['activities: closing an activity (API)', 'POST', () => `/api/v1/activities/${params.activityId}/close`],
    [
      "activities: a session's register (API)",
      'PUT' as 'POST',
      () => `/api/v1/activities/${params.activityId}/sessions/${params.sessionId}/register`,
    ],
    ["events: an event's organiser page", 'GET', () => `/organise/events/${params.eventId}`],
    ["events: a hub's events by slug", 'GET', () => `/organise/events?hub=${params.slug}`],
    ["activities: a hub's activities by slug", 'GET', () => `/hub/activities?hub=${params.slug}`],
    ["activities: a hub's LLMEs by slug", 'GET', () => `/hub/llmes?hub=${params.slug}`],
    ["funding: a hub's statement by slug", 'GET', () => `/hub/funding?hub=${params.slug}`],
    ["funding: a hub's claims by slug", 'GET', () => `/hub/funding/claims?hub=${params.slug}`],
    ['funding: a claim', 'GET', () => `/funding/claims/${params.claimId}`],
    ["funding: a hub's statement (API)", 'GET', () => `/api/v1/hubs/${params.slug}/funding/2023-24`],
    ["journeys: a hub's schools by slug", 'GET', () => `/hub/schools?hub=${params.slug}`],
    ["journeys: a hub's funnels by slug", 'GET', () => `/hub/funnels?hub=${params.slug}`],
    ["journeys: a school's journey", 'GET', () => `/hub/schools/${params.urn}`],
    ["journeys: recording a school's criteria", 'POST', () => `/hub/schools/${params.urn}/criteria`],
    ["journeys: a school's journey (API)", 'GET', () => `/api/v1/schools/${params.urn}/journey`],
    ["reporting: a hub's dashboard by slug", 'GET', () => `/hub/dashboard?hub=${params.slug}`],
    ["evaluation: an activity's visits", 'GET', () => `/activities/${params.activityId}/visits`],
    ['evaluation: a visit', 'GET', () => `/activities/${params.activityId}/visits/${params.visitId}`],
    ["evaluation: a hub's visits by slug", 'GET', () => `/evaluation/visits?hub=${params.slug}`],
    ["llme: a hub's LLMEs' workshops by slug", 'GET', () => `/hub/llme-workshops?hub=${params.slug}`],
    ["llme: a hub's LLME community by slug", 'GET', () => `/hub/llme-community?hub=${params.slug}`],
    ['llme: a community meeting', 'GET', () => `/hub/llme-community/meetings/${params.meetingId}`],
    ['llme: an application', 'GET', () => `/llme/applications/${params.applicationId}`],
    ['communities: an NCP’s space', 'GET', () => `/communities/spaces/${params.space}`],
    [`communities: a hub's LLME community space`, 'GET', () => `/communities/spaces/hub-${params.hubId}`],
    [
      'communities: a space’s document',
      'GET',
      () => `/communities/spaces/${params.space}/documents/${params.spaceDocumentId}`,
    ],
    [
      'communities: a file of a space by its address',
      'GET',
      () =>
        `/communities/spaces/${params.space}/documents/${params.spaceDocumentId}/versions/${params.spaceVersionId}`,
    ],
    ['communities: a thread', 'GET', () => `/communities/threads/${params.threadId}`],
    ['communities: editing a message', 'GET', () => `/communities/messages/${params.messageId}/edit`],
    [
      'llme: sponsoring an application',
      'POST',
      () => `/llme/applications/${params.applicationId}/sponsorship`,
    ],
  ];
  for (const [what, method, url] of otherHubsRecords) {
    it(`another hub's record by id (or slug) is not found: ${what}`, async () => {
      const response = await call('otherHubLeadership', method, url());
      expect(response.statusCode).toBe(404);
    });
  }
});

const eqPerson = (personId: number) => eq(roleAssignments.personId, personId);
