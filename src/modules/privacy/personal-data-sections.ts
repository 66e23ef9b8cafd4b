import { sql } from 'drizzle-orm';
import { communityDataSections } from '../communities/personal-data.ts';
import { documentDataSections } from '../documents/personal-data.ts';
import { evaluationDataSections } from '../evaluation/evaluation-personal-data.ts';
import { llmeDataSections } from '../llme/application-personal-data.ts';
import { targetedSupportDataSections } from '../targeted-support/personal-data.ts';
import type { SectionSpec } from './data-section.ts';

export type { ColumnKind, DataSection, SectionSpec, Value } from './data-section.ts';

/**
 * Every kind of record held about a person, as sections of their data (person-references.ts lists every
 * column that refers to a person; records found by their email address are included too).
 */
export function personalDataSections(personId: number, email: string): SectionSpec[] {
  return [
    {
      key: 'mergedRecords',
      title: 'Duplicate records merged into yours',
      purpose:
        'Records of you found to be duplicates and merged into this one; kept disabled, for the history.',
      columns: [
        { key: 'givenName', label: 'Given name' },
        { key: 'familyName', label: 'Family name' },
        { key: 'email', label: 'Email address' },
        { key: 'createdAt', label: 'Made', kind: 'dateTime' },
      ],
      query: sql`SELECT given_name AS "givenName", family_name AS "familyName", email, created_at AS "createdAt"
        FROM people WHERE merged_into_person_id = ${personId} ORDER BY id`,
    },
    {
      key: 'roles',
      title: 'Roles',
      purpose: 'What you may do on the platform, and in which Maths Hub or school.',
      columns: [
        { key: 'role', label: 'Role' },
        { key: 'title', label: 'Title' },
        { key: 'hub', label: 'Hub' },
        { key: 'schoolUrn', label: 'School URN' },
        { key: 'startsOn', label: 'From', kind: 'date' },
        { key: 'endsOn', label: 'Until', kind: 'date' },
      ],
      query: sql`SELECT r.role, r.title, h.name AS hub, r.school_urn AS "schoolUrn", r.starts_on AS "startsOn", r.ends_on AS "endsOn"
        FROM role_assignments r LEFT JOIN hubs h ON h.id = r.hub_id WHERE r.person_id = ${personId} ORDER BY r.id`,
    },
    {
      key: 'accreditations',
      title: 'Accreditations',
      purpose: 'Your accreditations as a local leader of maths education.',
      columns: [
        { key: 'kind', label: 'Accreditation' },
        { key: 'cohort', label: 'Cohort' },
        { key: 'awardedOn', label: 'Awarded', kind: 'date' },
      ],
      query: sql`SELECT kind, cohort, awarded_on AS "awardedOn" FROM accreditations WHERE person_id = ${personId} ORDER BY id`,
    },
    {
      key: 'enrolments',
      title: 'Enrolments',
      purpose:
        'The programmes and Work Groups you took part in, for your hub to run them and for the figures.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'hub', label: 'Hub' },
        { key: 'year', label: 'Year' },
        { key: 'schoolUrn', label: 'School URN' },
        { key: 'roleInSchool', label: 'Role in school' },
        { key: 'yearGroups', label: 'Year groups' },
        { key: 'mentorName', label: 'Mentor' },
        { key: 'mentorEmail', label: 'Mentor email' },
        { key: 'status', label: 'Status' },
        { key: 'registeredAt', label: 'Registered', kind: 'dateTime' },
        { key: 'completedOn', label: 'Completed', kind: 'date' },
      ],
      query: sql`SELECT a.title AS activity, h.name AS hub, a.year_code AS year, e.school_urn AS "schoolUrn",
          e.role_in_school AS "roleInSchool", e.year_groups AS "yearGroups", e.mentor_name AS "mentorName",
          e.mentor_email AS "mentorEmail", e.status, e.registered_at AS "registeredAt", e.completed_on AS "completedOn"
        FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id JOIN hubs h ON h.id = a.hub_id
        WHERE e.person_id = ${personId} ORDER BY e.registered_at, e.id`,
    },
    {
      key: 'attendance',
      title: 'Attendance',
      purpose: 'Whether you attended the sessions of your programmes.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'session', label: 'Session' },
        { key: 'startsAt', label: 'Date', kind: 'dateTime' },
        { key: 'status', label: 'Attendance' },
      ],
      query: sql`SELECT a.title AS activity, s.title AS session, s.starts_at AS "startsAt", m.status
        FROM attendance_marks m JOIN enrolments e ON e.id = m.enrolment_id JOIN activity_sessions s ON s.id = m.session_id
        JOIN hub_activities a ON a.id = e.activity_id WHERE e.person_id = ${personId} ORDER BY s.starts_at`,
    },
    {
      key: 'activitiesLed',
      title: 'Activities led',
      purpose: 'The activities you lead, shown to their hub and participants.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'year', label: 'Year' },
        { key: 'title', label: 'As' },
      ],
      query: sql`SELECT a.title AS activity, a.year_code AS year, l.title FROM activity_leads l
        JOIN hub_activities a ON a.id = l.activity_id WHERE l.person_id = ${personId} ORDER BY l.id`,
    },
    {
      key: 'registersMarked',
      title: 'Registers you marked',
      purpose: 'Who marked each register, kept with the register.',
      columns: [
        { key: 'session', label: 'Session' },
        { key: 'marks', label: 'Marks' },
        { key: 'markedAt', label: 'Last marked', kind: 'dateTime' },
      ],
      query: sql`SELECT s.title AS session, count(*)::int AS marks, max(m.marked_at) AS "markedAt"
        FROM attendance_marks m JOIN activity_sessions s ON s.id = m.session_id
        WHERE m.marked_by_person_id = ${personId} GROUP BY s.id, s.title ORDER BY max(m.marked_at)`,
    },
    {
      key: 'eventPlaces',
      title: 'Event places',
      purpose:
        'Your places at events, with the requirements you gave so the organisers can meet them (deleted a month after the event).',
      columns: [
        { key: 'event', label: 'Event' },
        { key: 'startsAt', label: 'Date', kind: 'dateTime' },
        { key: 'status', label: 'Place' },
        { key: 'access', label: 'Access requirements' },
        { key: 'dietary', label: 'Dietary requirements' },
        { key: 'otherRequirements', label: 'Other requirements' },
        { key: 'requestedAt', label: 'Asked for', kind: 'dateTime' },
      ],
      query: sql`SELECT e.title AS event, e.starts_at AS "startsAt", p.status, p.access, p.dietary,
          p.other_requirements AS "otherRequirements", p.requested_at AS "requestedAt"
        FROM event_places p JOIN programme_events e ON e.id = p.event_id WHERE p.person_id = ${personId} ORDER BY e.starts_at`,
    },
    {
      key: 'eventInvitations',
      title: 'Events you were invited to by name',
      purpose: 'Who an event is for.',
      columns: [
        { key: 'event', label: 'Event' },
        { key: 'startsAt', label: 'Date', kind: 'dateTime' },
      ],
      query: sql`SELECT e.title AS event, e.starts_at AS "startsAt" FROM event_targets t
        JOIN programme_events e ON e.id = t.event_id
        WHERE t.person_id = ${personId} OR lower(t.email) = lower(${email}) ORDER BY e.starts_at`,
    },
    {
      key: 'interests',
      title: 'Interest you registered in hubs’ activities and projects',
      purpose: 'So that the hub can register you, with the details you gave.',
      columns: [
        { key: 'interestedIn', label: 'Interested in' },
        { key: 'schoolUrn', label: 'School URN' },
        { key: 'roleInSchool', label: 'Role in school' },
        { key: 'note', label: 'Note' },
        { key: 'status', label: 'Status' },
        { key: 'createdAt', label: 'Registered', kind: 'dateTime' },
      ],
      query: sql`SELECT coalesce(a.title, n.code || ' ' || n.title) AS "interestedIn", i.school_urn AS "schoolUrn",
          i.role_in_school AS "roleInSchool", i.note, i.status, i.created_at AS "createdAt"
        FROM interests i LEFT JOIN hub_activities a ON a.id = i.activity_id LEFT JOIN ncps n ON n.id = i.ncp_id
        WHERE i.person_id = ${personId} ORDER BY i.created_at`,
    },
    {
      key: 'roleInvitations',
      title: 'Roles a hub invited you to',
      purpose: 'A role is given only when you accept it.',
      columns: [
        { key: 'role', label: 'Role' },
        { key: 'invitedAt', label: 'Invited', kind: 'dateTime' },
        { key: 'accepted', label: 'Accepted' },
      ],
      query: sql`SELECT role, created_at AS "invitedAt",
          CASE WHEN accepted IS NULL THEN 'Not answered' WHEN accepted THEN 'Yes' ELSE 'No' END AS accepted
        FROM role_invitations WHERE person_id = ${personId} ORDER BY created_at`,
    },
    {
      key: 'eventComments',
      title: 'Your comments on events',
      purpose: 'Shown to the event’s other confirmed people and organisers.',
      columns: [
        { key: 'event', label: 'Event' },
        { key: 'body', label: 'Comment' },
        { key: 'createdAt', label: 'Written', kind: 'dateTime' },
      ],
      query: sql`SELECT e.title AS event, c.body, c.created_at AS "createdAt" FROM event_comments c
        JOIN programme_events e ON e.id = c.event_id WHERE c.person_id = ${personId} ORDER BY c.created_at`,
    },
    {
      key: 'eventsOrganised',
      title: 'Events you organised',
      purpose: 'Who set up an event, and the contact details shown on it.',
      columns: [
        { key: 'event', label: 'Event' },
        { key: 'startsAt', label: 'Date', kind: 'dateTime' },
        { key: 'contactName', label: 'Contact name' },
        { key: 'contactEmail', label: 'Contact email' },
      ],
      query: sql`SELECT title AS event, starts_at AS "startsAt", contact_name AS "contactName", contact_email AS "contactEmail"
        FROM programme_events WHERE created_by_person_id = ${personId} OR lower(contact_email) = lower(${email}) ORDER BY starts_at`,
    },
    {
      key: 'eventEmails',
      title: 'Event emails',
      purpose: 'The event emails queued for you, and when they were sent.',
      columns: [
        { key: 'event', label: 'Event' },
        { key: 'kind', label: 'Email' },
        { key: 'createdAt', label: 'Queued', kind: 'dateTime' },
        { key: 'sentAt', label: 'Sent', kind: 'dateTime' },
      ],
      query: sql`SELECT e.title AS event, n.kind, n.created_at AS "createdAt", n.sent_at AS "sentAt"
        FROM event_notifications n JOIN programme_events e ON e.id = n.event_id WHERE n.person_id = ${personId} ORDER BY n.id`,
    },
    {
      key: 'emailPreferences',
      title: 'Event email preference',
      purpose: 'Whether you get event emails one by one or as a daily digest.',
      columns: [{ key: 'dailyDigest', label: 'Daily digest' }],
      query: sql`SELECT daily_digest AS "dailyDigest" FROM event_mail_preferences WHERE person_id = ${personId}`,
    },
    {
      key: 'calendarFeeds',
      title: 'Calendar feeds',
      purpose: 'Your personal calendar feed of events (its secret address is not shown).',
      columns: [
        { key: 'createdAt', label: 'Made', kind: 'dateTime' },
        { key: 'revokedAt', label: 'Revoked', kind: 'dateTime' },
      ],
      query: sql`SELECT created_at AS "createdAt", revoked_at AS "revokedAt" FROM calendar_feeds WHERE person_id = ${personId} ORDER BY id`,
    },
    {
      key: 'mentorOf',
      title: 'Named as a mentor',
      purpose: 'Enrolments of other teachers that name you as their mentor.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'mentorName', label: 'Name given' },
      ],
      query: sql`SELECT a.title AS activity, e.mentor_name AS "mentorName" FROM enrolments e
        JOIN hub_activities a ON a.id = e.activity_id
        WHERE lower(e.mentor_email) = lower(${email}) AND e.person_id <> ${personId} ORDER BY e.id`,
    },
    {
      key: 'fundingClaims',
      title: 'Funding claims you submitted',
      purpose: 'Claims on the Maths Hubs Network Fund, kept as money records.',
      columns: [
        { key: 'claimant', label: 'Claimant' },
        { key: 'description', label: 'Description' },
        { key: 'amountPence', label: 'Amount (pence)' },
        { key: 'status', label: 'Status' },
        { key: 'submittedAt', label: 'Submitted', kind: 'dateTime' },
      ],
      query: sql`SELECT claimant_name AS claimant, description, amount_pence AS "amountPence", status, submitted_at AS "submittedAt"
        FROM funding_claims WHERE submitted_by_person_id = ${personId} ORDER BY id`,
    },
    {
      key: 'bankHolidays',
      title: 'Bank holidays you added',
      purpose: 'Who added a day to the calendar of working days.',
      columns: [
        { key: 'date', label: 'Date', kind: 'date' },
        { key: 'title', label: 'Holiday' },
      ],
      query: sql`SELECT date, title FROM bank_holidays WHERE added_by_person_id = ${personId} ORDER BY date`,
    },
    {
      key: 'schoolCriteria',
      title: 'Mastery Readiness criteria you recorded for schools',
      purpose: 'Who recorded that a school meets a criterion for Mastery Readiness.',
      columns: [
        { key: 'schoolUrn', label: 'School URN' },
        { key: 'criterion', label: 'Criterion' },
        { key: 'recordedAt', label: 'Recorded', kind: 'dateTime' },
      ],
      query: sql`SELECT school_urn AS "schoolUrn", criterion_code AS criterion, recorded_at AS "recordedAt" FROM school_criteria WHERE recorded_by_person_id = ${personId} ORDER BY recorded_at`,
    },
    {
      key: 'eligibilityOverrides',
      title: 'Schools you admitted although they did not meet a project’s rules',
      purpose: 'Who admitted a school to an activity by hub leadership’s decision, with the justification.',
      columns: [
        { key: 'activityId', label: 'Activity' },
        { key: 'schoolUrn', label: 'School URN' },
        { key: 'justification', label: 'Justification' },
        { key: 'admittedAt', label: 'Admitted', kind: 'dateTime' },
      ],
      query: sql`SELECT activity_id AS "activityId", school_urn AS "schoolUrn", justification, admitted_at AS "admittedAt" FROM eligibility_overrides WHERE admitted_by_person_id = ${personId} ORDER BY admitted_at`,
    },
    {
      key: 'registerImports',
      title: 'School register imports you made',
      purpose: 'Who loaded a file of the school register.',
      columns: [
        { key: 'importedAt', label: 'Imported', kind: 'dateTime' },
        { key: 'fileName', label: 'File' },
      ],
      query: sql`SELECT imported_at AS "importedAt", file_name AS "fileName" FROM register_imports WHERE actor_person_id = ${personId} ORDER BY imported_at`,
    },
    {
      key: 'sessions',
      title: 'Sign-in sessions',
      purpose: 'Keeping you signed in (deleted when they expire).',
      columns: [
        { key: 'createdAt', label: 'Signed in', kind: 'dateTime' },
        { key: 'expiresAt', label: 'Expires', kind: 'dateTime' },
      ],
      query: sql`SELECT created_at AS "createdAt", expires_at AS "expiresAt" FROM sessions WHERE person_id = ${personId} ORDER BY created_at`,
    },
    {
      key: 'signInCodes',
      title: 'Sign-in codes',
      purpose: 'Codes emailed to you to sign in (only a hash is kept; deleted once used or expired).',
      columns: [
        { key: 'createdAt', label: 'Asked for', kind: 'dateTime' },
        { key: 'expiresAt', label: 'Expires', kind: 'dateTime' },
        { key: 'usedAt', label: 'Used', kind: 'dateTime' },
      ],
      query: sql`SELECT created_at AS "createdAt", expires_at AS "expiresAt", used_at AS "usedAt" FROM sign_in_codes
        WHERE lower(email) = lower(${email}) ORDER BY created_at`,
    },
    {
      key: 'apiTokens',
      title: 'API tokens',
      purpose: 'Tokens you made for programs to use the API (the tokens themselves are not kept).',
      columns: [
        { key: 'name', label: 'Name' },
        { key: 'createdAt', label: 'Made', kind: 'dateTime' },
        { key: 'lastUsedAt', label: 'Last used', kind: 'dateTime' },
        { key: 'revokedAt', label: 'Revoked', kind: 'dateTime' },
      ],
      query: sql`SELECT name, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
        FROM api_tokens WHERE person_id = ${personId} ORDER BY id`,
    },
    {
      key: 'emails',
      title: 'Emails sent to you',
      purpose: 'A copy of each email the platform sent you (the text is deleted after 90 days).',
      columns: [
        { key: 'subject', label: 'Subject' },
        { key: 'body', label: 'Text' },
        { key: 'createdAt', label: 'Written', kind: 'dateTime' },
        { key: 'sentAt', label: 'Sent', kind: 'dateTime' },
      ],
      query: sql`SELECT subject, text_body AS body, created_at AS "createdAt", sent_at AS "sentAt" FROM outbox
        WHERE lower(to_address) = lower(${email}) ORDER BY id`,
    },
    {
      key: 'eventLog',
      title: 'Event log entries by you or about you',
      purpose: 'The record of every change to the platform’s records: who made it and when.',
      columns: [
        { key: 'occurredAt', label: 'When', kind: 'dateTime' },
        { key: 'by', label: 'By' },
        { key: 'action', label: 'What' },
        { key: 'subject', label: 'Record' },
        { key: 'reason', label: 'Reason' },
        { key: 'details', label: 'Details' },
      ],
      query: sql`SELECT occurred_at AS "occurredAt",
          CASE WHEN actor_person_id = ${personId} THEN 'You' ELSE actor_label END AS by,
          action, subject_type || ' ' || subject_id AS subject, reason, changes::text AS details
        FROM event_log
        WHERE actor_person_id = ${personId}
          OR (subject_type = 'person' AND subject_id = ${String(personId)})
          OR (subject_type = 'enrolment' AND subject_id IN (SELECT id::text FROM enrolments WHERE person_id = ${personId}))
        ORDER BY occurred_at, id`,
    },
    // Evaluation (issue 15): HAPPI entries, visits, evaluation reports and their actions, surveys.
    ...evaluationDataSections(personId),
    ...targetedSupportDataSections(personId),
    // The LLME workforce (issue 16): applications to the development programmes.
    ...llmeDataSections(personId),
    ...communityDataSections(personId),
    ...documentDataSections(personId),
  ];
}
