import { activityRef, define, type LoggedRow, personRef, schoolRef } from '../audit-vocabulary.ts';

/** What Targeted Support's entries record: ids, statuses and phases, never free text (it may name people). */
interface Referred {
  schoolUrn: number;
  yearCode: string;
  source: string;
}
interface Decided {
  schoolUrn: number;
  status: string;
  partnershipId?: number;
  activityId?: number;
  ispPersonId?: number;
}
interface PhaseMoved {
  schoolUrn: number;
  phase: [string, string];
}
interface PlanItemAdded {
  schoolUrn: number;
  phase: string;
  kind: string;
}
interface HandedOver {
  schoolUrn: number;
  activityId: number;
}

const decisionWords: Record<string, string> = {
  enhanced: ' accepted the referral of ',
  intensive: ' accepted for Intensive support the referral of ',
  declined: ' declined the referral of ',
};

/** The event log's actions for Targeted Support in Mathematics (issue 16). */
export const targetedSupportActions = {
  'ts_referral.made': define('ts_referral', 'Targeted support: school referred', (r: LoggedRow<Referred>) => [
    r.actor,
    ' referred ',
    schoolRef(r.changes.schoolUrn),
    ` for Targeted Support in ${r.changes.yearCode ?? 'the year'}`,
  ]),
  'ts_referral.decided': define(
    'ts_referral',
    'Targeted support: referral decided',
    (r: LoggedRow<Decided>) => [
      r.actor,
      decisionWords[String(r.changes.status)] ?? ' decided the referral of ',
      schoolRef(r.changes.schoolUrn),
      ...(r.changes.ispPersonId ? [' with ', personRef(r.changes.ispPersonId), ' as partner'] : []),
    ],
  ),
  'ts_partnership.phase_moved': define(
    'ts_partnership',
    'Targeted support: phase moved on',
    (r: LoggedRow<PhaseMoved>) => [
      r.actor,
      ' moved the partnership with ',
      schoolRef(r.changes.schoolUrn),
      ` on to the ${r.changes.phase?.[1] ?? 'next'} phase`,
    ],
  ),
  'ts_partnership.plan_item_added': define(
    'ts_partnership',
    'Targeted support: plan item added',
    (r: LoggedRow<PlanItemAdded>) => [
      r.actor,
      ` added ${r.changes.kind === 'evidence' ? 'evidence' : `a${r.changes.kind === 'action' ? 'n action' : ' priority'}`} to the plan with `,
      schoolRef(r.changes.schoolUrn),
    ],
  ),
  'ts_partnership.handed_over': define(
    'ts_partnership',
    'Targeted support: school handed over',
    (r: LoggedRow<HandedOver>) => [
      r.actor,
      ' handed ',
      schoolRef(r.changes.schoolUrn),
      ' over from Targeted Support into ',
      activityRef(r.changes.activityId),
    ],
  ),
};
