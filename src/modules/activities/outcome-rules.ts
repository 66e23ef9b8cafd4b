import type { FieldError } from '../../platform/errors.ts';
import type { OutcomeReason, ParticipationStatus } from './schema.ts';

/** The outcomes recorded when an activity ends (a row left unchosen stays as it is). */
export const outcomes = ['completed', 'withdrawn', 'deferred'] as const;
export type Outcome = (typeof outcomes)[number];

export const outcomeNames: Record<ParticipationStatus, string> = {
  registered: 'Registered',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
  deferred: 'Deferred to next year',
};

export const outcomeReasonNames: Record<OutcomeReason, string> = {
  moved_school: 'Moved school',
  left_teaching: 'Left teaching',
  staffing: 'Staffing changes',
  workload: 'Workload',
  school_priorities: 'School priorities',
  other: 'Other',
};

/** Why a participant withdraws (the short list). */
export const participantReasons = [
  'moved_school',
  'left_teaching',
  'workload',
  'school_priorities',
  'other',
] as const satisfies OutcomeReason[];

/** Why a school withdraws: a school does not move school or leave teaching; its staff may change. */
export const schoolReasons = [
  'school_priorities',
  'staffing',
  'workload',
  'other',
] as const satisfies OutcomeReason[];

export const REASON_TEXT_MAX = 500;

/** One row of outcomes as given (by the page, the API or an import). */
export interface OutcomeEntry {
  outcome: string | null | undefined;
  reason?: string | null;
  reasonText?: string | null;
}

/** A checked outcome, ready to write. */
export interface CheckedOutcome {
  status: Outcome;
  reason: OutcomeReason | null;
  reasonText: string | null;
}

/**
 * Checks one outcome: one of completed, withdrawn or deferred; a withdrawal needs a reason from the
 * list for schools or participants, and "other" its text. A reason is kept only for a withdrawal.
 * Returns the outcome, null when none was chosen (the row stays as it is), or the problems, each on
 * the given field names.
 */
export function checkOutcome(
  entry: OutcomeEntry,
  who: { name: string; kind: 'school' | 'participant' },
  fields: { outcome: string; reason: string; reasonText: string },
): { outcome: CheckedOutcome | null; problems: FieldError[] } {
  const chosen = entry.outcome?.trim() || null;
  if (!chosen) return { outcome: null, problems: [] };
  if (!(outcomes as readonly string[]).includes(chosen)) {
    return {
      outcome: null,
      problems: [
        {
          field: fields.outcome,
          message: `Select whether ${who.name} completed, withdrew or deferred to next year`,
        },
      ],
    };
  }
  if (chosen !== 'withdrawn') {
    return { outcome: { status: chosen as Outcome, reason: null, reasonText: null }, problems: [] };
  }
  const allowed: readonly string[] = who.kind === 'school' ? schoolReasons : participantReasons;
  const reason = entry.reason?.trim() || null;
  if (!reason || !allowed.includes(reason)) {
    return {
      outcome: null,
      problems: [{ field: fields.reason, message: `Select why ${who.name} withdrew` }],
    };
  }
  const text = entry.reasonText?.trim() || null;
  if (reason === 'other' && !text) {
    return {
      outcome: null,
      problems: [{ field: fields.reasonText, message: `Enter why ${who.name} withdrew` }],
    };
  }
  if (text && text.length > REASON_TEXT_MAX) {
    return {
      outcome: null,
      problems: [
        {
          field: fields.reasonText,
          message: `The reason must be ${REASON_TEXT_MAX} characters or fewer`,
        },
      ],
    };
  }
  return {
    outcome: {
      status: 'withdrawn',
      reason: reason as OutcomeReason,
      reasonText: reason === 'other' ? text : null,
    },
    problems: [],
  };
}

/** The form fields of a school's and a participant's row on the outcomes page. */
export const schoolFields = (urn: number) => ({
  outcome: `school-${urn}`,
  reason: `schoolReason-${urn}`,
  reasonText: `schoolReasonText-${urn}`,
});
export const participantFields = (enrolmentId: number) => ({
  outcome: `participant-${enrolmentId}`,
  reason: `participantReason-${enrolmentId}`,
  reasonText: `participantReasonText-${enrolmentId}`,
});
