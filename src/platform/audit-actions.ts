/**
 * The event log's vocabulary: every action a change may be recorded as, closed and typed. Each action
 * names the kind of record it is about (its subject type), what it records (its payload: the row's
 * `changes`) and a sentence a person can read ("Sam Patel withdrew Acorndale Primary School from
 * Developing Mastery WG 3: moved away").
 *
 * The log keeps ids, never names: a sentence is made of text and references to records (a person, a
 * school, an activity, an event, a hub…) that the event log page resolves, a page at a time with one
 * query per kind, into names and links. `recordEvent` accepts only these actions with their payloads,
 * so a new kind of change starts here.
 */

import { communityActions } from './audit-actions/community-actions.ts';
import { deliveryActions } from './audit-actions/delivery-actions.ts';
import { documentsActions } from './audit-actions/documents-actions.ts';
import { evaluationHappiActions } from './audit-actions/evaluation-happi-actions.ts';
import { evaluationReportActions } from './audit-actions/evaluation-report-actions.ts';
import { evaluationSurveyActions } from './audit-actions/evaluation-survey-actions.ts';
import { evaluationVisitActions } from './audit-actions/evaluation-visit-actions.ts';
import { eventsActions } from './audit-actions/events-actions.ts';
import { interestActions } from './audit-actions/interest-actions.ts';
import { journeysActions } from './audit-actions/journeys-actions.ts';
import { llmeActions } from './audit-actions/llme-actions.ts';
import { outcomeActions } from './audit-actions/outcome-actions.ts';
import { peopleActions } from './audit-actions/people-actions.ts';
import { registerActions } from './audit-actions/register-actions.ts';
import { targetedSupportActions } from './audit-actions/targeted-support-actions.ts';
import type { ActionDefinition } from './audit-vocabulary.ts';

export {
  type ActionDefinition,
  activityRef,
  eventRef,
  hubRef,
  type LoggedRow,
  personRef,
  type RecordKind,
  type RecordRef,
  type SentencePart,
  schoolRef,
} from './audit-vocabulary.ts';

/** Every action, by name. Names are `subject.verb` (the subject as a person would say it). */
export const auditActions = {
  ...registerActions,
  ...peopleActions,
  ...deliveryActions,
  ...outcomeActions,
  ...eventsActions,
  ...journeysActions,
  ...interestActions,

  ...evaluationHappiActions,

  ...evaluationSurveyActions,

  ...evaluationVisitActions,

  ...evaluationReportActions,

  ...targetedSupportActions,
  ...llmeActions,
  ...communityActions,
  ...documentsActions,
};

export type AuditAction = keyof typeof auditActions;
type Definition<A extends AuditAction> = (typeof auditActions)[A];
export type SubjectTypeOf<A extends AuditAction> = Definition<A>['subjectType'];
/** The payload of an action (of each of a union of actions, for a name chosen at run time). */
export type PayloadOf<A extends AuditAction> = A extends AuditAction
  ? Definition<A> extends ActionDefinition<string, infer P>
    ? P
    : never
  : never;

export const isAuditAction = (name: string): name is AuditAction => Object.hasOwn(auditActions, name);

/** The definition of a logged action; an unknown one (none should be left) reads as its name. */
export function actionDefinition(name: string): ActionDefinition<string, Record<string, unknown>> {
  if (isAuditAction(name))
    return auditActions[name] as unknown as ActionDefinition<string, Record<string, unknown>>;
  return {
    subjectType: 'unknown',
    label: name,
    sentence: (r) => [r.actor, ` made a change recorded as “${name}”`],
  };
}

/** The actions with their labels, in the order of their labels (the log's filter). */
export const actionChoices = (): { value: AuditAction; text: string }[] =>
  (Object.keys(auditActions) as AuditAction[])
    .map((value) => ({ value, text: auditActions[value].label }))
    .sort((a, b) => a.text.localeCompare(b.text));
