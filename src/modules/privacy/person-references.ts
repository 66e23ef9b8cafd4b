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
  /**
   * What merging a duplicate (B) into the person kept (A) does to them (registration/merge-people.ts):
   * `move` — the owning module's `movePersonRecords` moves B's rows to A; `end` — B's rows are ended
   * (B can no longer sign in); `leave` — deliberately left on B, with why. `merge-events.int.test.ts`
   * checks that no `move` or `end` row still refers to B after a merge.
   */
  merge: { move: string } | { end: string } | { leave: string };
}

export const personReferences: Record<`${string}.${string}`, PersonReference> = {
  'people.merged_into_person_id': {
    access: 'Duplicate records merged into theirs (names, email addresses)',
    erasure: 'Duplicate records merged into theirs are erased with them',
    merge: { move: 'people: records merged into B now point at A' },
  },
  'role_assignments.person_id': {
    access: 'Roles, current and ended',
    erasure: 'Kept: roles count in the figures (LLMEs, hub staff); the person can no longer sign in',
    merge: { move: 'people: roles move; one identical to A’s is dropped' },
  },
  'accreditations.person_id': {
    access: 'Accreditations',
    erasure: 'Kept: they count in the figures',
    merge: { move: 'people: the same kind and cohort is kept once' },
  },
  'sessions.person_id': {
    access: 'Sign-in sessions (when, not the token)',
    erasure: 'Deleted',
    merge: { end: 'Deleted: B can no longer sign in' },
  },
  'api_tokens.person_id': {
    access: 'API tokens (name and dates, not the token)',
    erasure: 'Deleted',
    merge: { leave: 'Revoked and kept on B: a token belongs to the account it was made for' },
  },
  'activity_leads.person_id': {
    access: 'Activities led',
    erasure: 'Kept, tied to the anonymised person',
    merge: { move: 'activities: a lead both held is kept once' },
  },
  'enrolments.person_id': {
    access: 'Enrolments, with mentor and year groups',
    erasure: 'Kept for the figures; mentor name and email and role in school cleared',
    merge: { move: 'activities: one enrolment per activity, the one with more marks, all marks kept' },
  },
  // What the reports count, kept by the writes from the enrolments (migration 0046): copies, not records.
  'reporting_participation.person_id': {
    access:
      'Not shown apart from their enrolments: a copy of each (did it take part) kept for the reports’ figures',
    erasure: 'Kept for the figures (an id only), as the enrolments are',
    merge: {
      move: 'reporting: recomputed from the enrolments when they move to A (triggers of migration 0046)',
    },
  },
  'reporting_programme_people.person_id': {
    access: 'Not shown apart from their enrolments: counts of them kept for the reports’ figures',
    erasure: 'Kept for the figures (an id only), as the enrolments are',
    merge: {
      leave:
        'Nothing of B’s is left: counted from the enrolments, which move to A, so B’s counts go to A (a copy, not a record)',
    },
  },
  'attendance_marks.marked_by_person_id': {
    access: 'Registers marked by them',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who marked the register then: B’s record points at A' },
  },
  'event_targets.person_id': {
    access: 'Events they were invited to by name',
    erasure: 'Kept',
    merge: { move: 'events: invited by name once per event' },
  },
  'interests.person_id': {
    access: 'Interest they registered in hubs’ activities and projects',
    erasure: 'Deleted',
    merge: {
      move: 'registration: B’s interest becomes A’s (one open interest per activity or project kept)',
    },
  },
  'interests.decided_by_person_id': {
    access: 'Not shown (a hub staff member’s id on someone else’s interest)',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who registered the interest then: B’s record points at A' },
  },
  'role_invitations.person_id': {
    access: 'Roles a hub invited them to',
    erasure: 'Deleted',
    merge: { move: 'people: B’s invitations are A’s to answer' },
  },
  'role_invitations.invited_by_person_id': {
    access: 'Not shown (a hub staff member’s id on someone else’s invitation)',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who invited then: B’s record points at A' },
  },
  'event_places.person_id': {
    access: 'Event places, with access, dietary and other requirements',
    erasure: 'Kept for attendance figures; requirements cleared and the Connect link replaced',
    merge: { move: 'events: one place per event, the better state kept (events/move-person-records.ts)' },
  },
  'event_comments.person_id': {
    access: 'Comments they wrote on events',
    erasure: 'The comment text is replaced by a note that it was removed',
    merge: { move: 'events' },
  },
  'event_notifications.person_id': {
    access: 'Event emails queued or sent to them',
    erasure: 'Deleted',
    merge: { move: 'events: emails queued for B go to A' },
  },
  'event_mail_preferences.person_id': {
    access: 'Event email preference',
    erasure: 'Deleted',
    merge: { move: 'events: A’s own choice wins, else B’s moves' },
  },
  'calendar_feeds.person_id': {
    access: 'Calendar feeds (dates, not the secret)',
    erasure: 'Deleted',
    merge: { move: 'events: B’s feed now shows A’s events' },
  },
  'programme_events.created_by_person_id': {
    access: 'Events they organised',
    erasure: 'Kept; the event contact name and email cleared where they were theirs',
    merge: { leave: 'Who organised it then: B’s record points at A' },
  },
  'activity_schools.outcome_recorded_by_person_id': {
    access: 'Schools’ outcomes they recorded',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who recorded the outcome then: B’s record points at A' },
  },
  'enrolments.outcome_recorded_by_person_id': {
    access: 'Participants’ outcomes they recorded',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who recorded the outcome then: B’s record points at A' },
  },
  'catalogue_years.published_by_person_id': {
    access: 'Catalogues they published',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who published it then: B’s record points at A' },
  },
  'bank_holidays.added_by_person_id': {
    access: 'Bank holidays they added',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who added it then: B’s record points at A' },
  },
  'school_criteria.recorded_by_person_id': {
    access: 'Mastery Readiness criteria they recorded for schools',
    erasure: 'Kept (an id only; the name is looked up when shown)',
    merge: { leave: 'Who recorded it then: B’s record points at A' },
  },
  'eligibility_overrides.admitted_by_person_id': {
    access: 'Schools they admitted although they did not meet a project’s rules',
    erasure: 'Kept (an id only; the justification is about the school)',
    merge: { leave: 'Who admitted it then: B’s record points at A' },
  },
  'register_imports.actor_person_id': {
    access: 'Register (GIAS) imports they made',
    erasure: 'Kept (an id only; the name is looked up when shown)',
    merge: { leave: 'Who imported then: B’s record points at A' },
  },
  'funding_claims.submitted_by_person_id': {
    access: 'Funding claims they submitted',
    erasure: 'Kept (money records); the claimant name replaced where it was theirs',
    merge: { leave: 'Who submitted then (a money record): B’s record points at A' },
  },
  'survey_invitations.person_id': {
    access: 'Surveys they were asked to answer, and their answers',
    erasure: 'Free-text answers deleted; the rest kept under the anonymised person (figures unchanged)',
    merge: { move: 'evaluation: B’s survey invitations become A’s (one per activity and kind kept)' },
  },
  'survey_templates.created_by_person_id': {
    access: 'Survey templates they wrote',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who wrote it then: B’s record points at A' },
  },
  'happi_entries.person_id': {
    access: 'HAPPI form entries they wrote: progress updates, submissions and reviews with comments',
    erasure: 'Kept (an id only): the entries are about the activity, not the person',
    merge: { leave: 'Who wrote it then: B’s record points at A' },
  },
  'happi_files.uploaded_by_person_id': {
    access: 'Files they gave as evidence on HAPPI forms (their names, not their content)',
    erasure: 'Kept (an id only): the evidence is about the activity, not the person',
    merge: { leave: 'Who uploaded it then: B’s record points at A' },
  },
  'evaluation_report_coauthors.person_id': {
    access: 'Evaluation reports they are named as a co-author of',
    erasure: 'Kept, tied to the anonymised person (the report names nobody then)',
    merge: { move: 'evaluation: B’s co-authorships become A’s (once per report)' },
  },
  'evaluation_report_actions.owner_person_id': {
    access: 'Actions from evaluation reports they own, with their status and closing notes',
    erasure: 'Kept, tied to the anonymised person (the action is the hub’s work)',
    merge: { move: 'evaluation: B’s actions become A’s' },
  },
  // Records of visits to schools (evaluation, issue 15).
  'school_visits.recorded_by_person_id': {
    access: 'Visits to schools they recorded',
    erasure: 'Kept (an id only; the name is looked up when shown)',
    merge: { leave: 'Who recorded it then: B’s record points at A' },
  },
  'school_visit_visitors.person_id': {
    access: 'Visits to schools they made',
    erasure: 'Kept, tied to the anonymised person (the visits count in the activity’s coverage)',
    merge: { move: 'evaluation: B’s visits become A’s (a visit both made is kept once)' },
  },
  'school_visit_actions.owner_person_id': {
    access: 'Actions agreed on visits that they own',
    erasure: 'Kept, tied to the anonymised person',
    merge: { move: 'evaluation: the agreed actions B owns become A’s' },
  },
  // Targeted Support (issue 16): referrals, partnerships and their plans.
  'ts_referrals.referred_by_person_id': {
    access: 'Targeted Support referrals they made',
    erasure: 'Kept (an id only; the name is looked up when shown)',
    merge: { leave: 'Who referred the school then: B’s record points at A' },
  },
  'ts_referrals.decided_by_person_id': {
    access: 'Targeted Support referrals they decided',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who decided the referral then: B’s record points at A' },
  },
  'ts_partnerships.isp_person_id': {
    access: 'Targeted Support partnerships they are the Intensive Support Partner of, with their credentials',
    erasure: 'Kept, tied to the anonymised person (the partnership counts in the figures)',
    merge: {
      leave: 'The partner of record: B’s record points at A, and the hub names a new partner if needed',
    },
  },
  'ts_plan_items.added_by_person_id': {
    access: 'Items they added to Targeted Support plans',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who added the item then: B’s record points at A' },
  },
  // Applications to the LLME development programmes (issue 16).
  'programme_applications.person_id': {
    access: 'Applications to LLME development programmes, with the reasons given',
    erasure: 'Kept, tied to the anonymised person (they count in the workforce); the statement is erased',
    merge: { move: 'llme: B’s applications become A’s' },
  },
  'programme_applications.nominated_by_person_id': {
    access: 'Not shown (an id only: the nominating hub’s staff)',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who nominated then: B’s record points at A' },
  },
  'programme_applications.sponsored_by_person_id': {
    access: 'Not shown (an id only: the sponsoring hub’s staff)',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who answered for the hub then: B’s record points at A' },
  },
  'programme_applications.decided_by_person_id': {
    access: 'Not shown (an id only: the national team)',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who decided then: B’s record points at A' },
  },
  // A hub's LLME community (issue 16): its leads, meetings and registers.
  'llme_community_leads.person_id': {
    access: 'The years they were an LLME Community Lead of a hub',
    erasure: 'Kept, tied to the anonymised person',
    merge: { move: 'llme: B’s leads become A’s (one both held is kept once)' },
  },
  'llme_community_meetings.created_by_person_id': {
    access: 'Not shown (an id only: who recorded the meeting)',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who recorded it then: B’s record points at A' },
  },
  'llme_community_attendance.person_id': {
    access: 'LLME community meetings attended',
    erasure: 'Kept, tied to the anonymised person (the meeting’s register)',
    merge: { move: 'llme: B’s attendance becomes A’s (a meeting both attended is kept once)' },
  },
  'community_spaces.opened_by_person_id': {
    access: 'Not shown (an id only: who opened an activity’s space)',
    erasure: 'Kept (an id only)',
    merge: { leave: 'Who opened it then: B’s record points at A' },
  },
  'community_guests.person_id': {
    access: 'Community spaces they were added to as a guest',
    erasure: 'Deleted',
    merge: { move: 'communities: B’s guest places become A’s (one both held is kept once)' },
  },
  'community_guests.added_by_person_id': {
    access: 'Not shown (an id only: the lead who added a guest)',
    erasure: 'Kept (an id only)',
    merge: { move: 'communities: guests B added are A’s' },
  },
  'community_threads.author_person_id': {
    access: 'Threads they started (with their messages)',
    erasure: 'Kept as a trace; the title is erased',
    merge: { move: 'communities: B’s threads become A’s' },
  },
  'community_threads.pinned_by_person_id': {
    access: 'Not shown (an id only: who pinned a thread)',
    erasure: 'Kept (an id only)',
    merge: { move: 'communities: pins by B are A’s' },
  },
  'community_threads.answered_by_person_id': {
    access: 'Not shown (an id only: who marked the answer)',
    erasure: 'Kept (an id only)',
    merge: { move: 'communities: answers marked by B are A’s' },
  },
  'community_messages.author_person_id': {
    access: 'Messages they wrote in community spaces',
    erasure: 'Kept as a trace in the thread; the text is erased',
    merge: { move: 'communities: B’s messages become A’s' },
  },
  'community_messages.deleted_by_person_id': {
    access: 'Not shown (an id only: who deleted a message)',
    erasure: 'Kept (an id only)',
    merge: { move: 'communities: deletions by B are A’s' },
  },
  'community_boosts.person_id': {
    access: 'Not shown (an id only: boosts given)',
    erasure: 'Kept (an id only; counted beside the message)',
    merge: { move: 'communities: B’s boosts become A’s (one both gave is kept once)' },
  },
  'community_reads.person_id': {
    access: 'Not shown (bookkeeping: how far they have read each thread)',
    erasure: 'Kept (an id only)',
    merge: { move: 'communities: B’s reads become A’s (A’s kept where both)' },
  },
  'community_subscriptions.person_id': {
    access: 'Their notification choices in community spaces and threads',
    erasure: 'Deleted',
    merge: { move: 'communities: B’s choices become A’s (A’s kept where both)' },
  },
  'community_mentions.person_id': {
    access: 'Not shown (an id only: messages that mention them)',
    erasure: 'Kept (an id only)',
    merge: { move: 'communities: mentions of B are of A' },
  },
  'event_log.actor_person_id': {
    access: 'Event log entries made by them',
    erasure: 'Kept; their name and email removed from the entries’ labels and details',
    merge: { leave: 'The event log is history: B’s record points at A' },
  },
  // Documents and shared pages (modules/documents, issue 18).
  'documents.created_by_person_id': {
    access: 'Documents they uploaded (titles, not content)',
    erasure: 'Kept (an id only): the documents belong to the event or space they were shared in',
    merge: { leave: 'Who uploaded it then: B’s record points at A' },
  },
  'document_versions.uploaded_by_person_id': {
    access: 'Versions of documents they uploaded (file names, not content)',
    erasure: 'Kept (an id only): the versions belong to the document',
    merge: { leave: 'Who uploaded it then: B’s record points at A' },
  },
  'shared_pages.created_by_person_id': {
    access: 'Shared pages they started (titles)',
    erasure: 'Kept (an id only): the page belongs to the event or space',
    merge: { leave: 'Who started it then: B’s record points at A' },
  },
  'shared_page_revisions.edited_by_person_id': {
    access: 'Revisions of shared pages they saved (when, not the text)',
    erasure: 'Kept (an id only): the text is the group’s work',
    merge: { leave: 'Who edited it then: B’s record points at A' },
  },
};
