/**
 * Targeted Support in Mathematics (issue 16): the words of its records. A referral waits, then is
 * accepted as Enhanced (a standard TfM Work Group with support for the barriers its leaders name) or
 * Intensive (a partnership with an Intensive Support Partner), or declined with a reason. A partnership
 * goes through the four phases of its bespoke improvement plan, then moves on into a Work Group.
 */
export const referralStatuses = ['waiting', 'enhanced', 'intensive', 'declined'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
export const referralStatusNames: Record<ReferralStatus, string> = {
  waiting: 'Waiting for a decision',
  enhanced: 'Accepted: Enhanced support',
  intensive: 'Accepted: Intensive support',
  declined: 'Declined',
};

/** Where a referral came from. */
export const referralSources = ['school_page', 'cold_spots', 'import', 'other'] as const;
export type ReferralSource = (typeof referralSources)[number];
export const referralSourceNames: Record<ReferralSource, string> = {
  school_page: 'The school’s page',
  cold_spots: 'The hub’s cold spots',
  import: 'A list import',
  other: 'Other',
};

/** The four phases of a partnership's plan, then moved on into Teaching for Mastery. */
export const planPhases = ['explore', 'plan', 'deliver', 'sustain'] as const;
export type PlanPhase = (typeof planPhases)[number];
export const partnershipPhases = [...planPhases, 'moved_on'] as const;
export type PartnershipPhase = (typeof partnershipPhases)[number];
export const phaseNames: Record<PartnershipPhase, string> = {
  explore: 'Explore',
  plan: 'Plan',
  deliver: 'Deliver',
  sustain: 'Sustain',
  moved_on: 'Moved on into Teaching for Mastery',
};

/** The phase after this one (null after sustain: the next step is the handover). */
export const nextPhase = (phase: PartnershipPhase): PlanPhase | null => {
  const i = planPhases.indexOf(phase as PlanPhase);
  return i >= 0 && i < planPhases.length - 1 ? planPhases[i + 1]! : null;
};

/** What a plan's item is: a priority, an action (with an owner and a date) or evidence of impact. */
export const planItemKinds = ['priority', 'action', 'evidence'] as const;
export type PlanItemKind = (typeof planItemKinds)[number];
export const planItemKindNames: Record<PlanItemKind, string> = {
  priority: 'Priority',
  action: 'Action',
  evidence: 'Evidence',
};

/** The longest text kept in a referral's barriers, a reason, notes or a plan's item. */
export const MAX_TEXT = 2000;
