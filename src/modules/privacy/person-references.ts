/**
 * Every column of the database that refers to a person, and what subject access and erasure do with
 * it. `privacy.int.test.ts` compares this list with the database's own foreign keys to `people` and
 * its columns named `*person_id`: a new table holding a person reference fails that test until it is
 * added here, to the subject access export (collect-personal-data.ts) and to erasure (erase-person.ts).
 */
export interface PersonReference {
  /** What the subject access export shows of these rows. */
  access: string;
  /** What erasure does to them. */
  erasure: string;
}

export const personReferences: Record<`${string}.${string}`, PersonReference> = {
  'people.merged_into_person_id': {
    access: 'Duplicate records merged into theirs (names, email addresses)',
    erasure: 'Duplicate records merged into theirs are erased with them',
  },
  'role_assignments.person_id': {
    access: 'Roles, current and ended',
    erasure: 'Kept: roles count in the figures (LLMEs, hub staff); the person can no longer sign in',
  },
  'accreditations.person_id': { access: 'Accreditations', erasure: 'Kept: they count in the figures' },
  'sessions.person_id': { access: 'Sign-in sessions (when, not the token)', erasure: 'Deleted' },
  'api_tokens.person_id': { access: 'API tokens (name and dates, not the token)', erasure: 'Deleted' },
  'activity_leads.person_id': { access: 'Activities led', erasure: 'Kept, tied to the anonymised person' },
  'enrolments.person_id': {
    access: 'Enrolments, with mentor and year groups',
    erasure: 'Kept for the figures; mentor name and email and role in school cleared',
  },
  'attendance_marks.marked_by_person_id': {
    access: 'Registers marked by them',
    erasure: 'Kept (an id only)',
  },
  'event_targets.person_id': { access: 'Events they were invited to by name', erasure: 'Kept' },
  'role_invitations.person_id': {
    access: 'Roles a hub invited them to',
    erasure: 'Deleted',
  },
  'role_invitations.invited_by_person_id': {
    access: 'Not shown (a hub staff member’s id on someone else’s invitation)',
    erasure: 'Kept (an id only)',
  },
  'event_places.person_id': {
    access: 'Event places, with access, dietary and other requirements',
    erasure: 'Kept for attendance figures; requirements cleared and the Connect link replaced',
  },
  'event_comments.person_id': {
    access: 'Comments they wrote on events',
    erasure: 'The comment text is replaced by a note that it was removed',
  },
  'event_notifications.person_id': { access: 'Event emails queued or sent to them', erasure: 'Deleted' },
  'event_mail_preferences.person_id': { access: 'Event email preference', erasure: 'Deleted' },
  'calendar_feeds.person_id': { access: 'Calendar feeds (dates, not the secret)', erasure: 'Deleted' },
  'programme_events.created_by_person_id': {
    access: 'Events they organised',
    erasure: 'Kept; the event contact name and email cleared where they were theirs',
  },
  'bank_holidays.added_by_person_id': { access: 'Bank holidays they added', erasure: 'Kept (an id only)' },
  'register_imports.actor_person_id': {
    access: 'Register (GIAS) imports they made',
    erasure: 'Kept (an id only; the name is looked up when shown)',
  },
  'funding_claims.submitted_by_person_id': {
    access: 'Funding claims they submitted',
    erasure: 'Kept (money records); the claimant name replaced where it was theirs',
  },
  'events.actor_person_id': {
    access: 'Event log entries made by them',
    erasure: 'Kept; their name and email removed from the entries’ labels and details',
  },
};
