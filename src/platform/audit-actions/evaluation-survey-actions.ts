import { activityRef, define, type Fields, type LoggedRow, personRef, plural } from '../audit-vocabulary.ts';

/** How a kind of survey reads in a sentence. */
const kindWords = (kind: unknown) =>
  kind === 'participant_early'
    ? 'participants’ early (autumn) survey'
    : kind === 'participant_summer'
      ? 'participants’ summer survey'
      : kind === 'llme_end_of_year'
        ? 'LLMEs’ end of year survey'
        : 'survey';

interface TemplateRef {
  ncpKey: string;
  kind: string;
  version: number;
}
const templateWords = (c: Partial<TemplateRef>) =>
  `the ${kindWords(c.kind)} template for NCP ${c.ncpKey ?? '?'} (version ${c.version ?? '?'})`;

/** The event log's actions for evaluation: national surveys (issue 15). */
export const evaluationSurveyActions = {
  'survey_template.created': define(
    'survey_template',
    'Surveys: template created',
    (r: LoggedRow<TemplateRef & { copiedFromTemplateId?: number | null }>) => [
      r.actor,
      ' created ',
      templateWords(r.changes),
      r.changes.copiedFromTemplateId ? ' as a new version' : '',
    ],
  ),
  'survey_template.changed': define(
    'survey_template',
    'Surveys: template changed',
    (r: LoggedRow<TemplateRef & { fields?: Fields; questionKey?: string; change?: string }>) => [
      r.actor,
      ' changed ',
      templateWords(r.changes),
      r.changes.change
        ? ` (${r.changes.change}${r.changes.questionKey ? ` “${r.changes.questionKey}”` : ''})`
        : '',
    ],
  ),
  'survey_template.published': define(
    'survey_template',
    'Surveys: template published',
    (r: LoggedRow<TemplateRef>) => [r.actor, ' published ', templateWords(r.changes)],
  ),
  'survey_window.set': define(
    'survey_window',
    'Surveys: window set',
    (
      r: LoggedRow<{
        yearCode: string;
        kind: string;
        opensOn: [string | null, string];
        closesOn: [string | null, string];
      }>,
    ) => [
      r.actor,
      ` set the ${r.changes.yearCode ?? ''} window of the ${kindWords(r.changes.kind)}: ${r.changes.opensOn?.[1] ?? ''} to ${r.changes.closesOn?.[1] ?? ''}`,
    ],
  ),
  'survey.issued': define(
    'survey_issue',
    'Surveys: issued',
    (r: LoggedRow<{ yearCode: string; kind: string; invitations: number; activityIds: number[] }>) => [
      r.actor,
      ` issued the ${r.changes.yearCode ?? ''} ${kindWords(r.changes.kind)}: ${plural(r.changes.invitations, 'invitation')}`,
    ],
  ),
  'survey.invitations_withdrawn': define(
    'survey_invitation',
    'Surveys: invitations withdrawn',
    (r: LoggedRow<{ activityId: number; personId: number; kind: string; reason: string }>) => [
      r.actor,
      ` withdrew the unanswered ${kindWords(r.changes.kind)} invitation of `,
      personRef(r.changes.personId),
      ' to ',
      activityRef(r.changes.activityId),
      r.changes.reason ? ` (${r.changes.reason})` : '',
    ],
  ),
  'survey.answered': define(
    'survey_invitation',
    'Surveys: answered',
    (
      r: LoggedRow<{ activityId: number; personId: number; kind: string; answers: number; first: boolean }>,
    ) => [
      r.actor,
      r.changes.first ? ' answered the ' : ' changed their answers to the ',
      kindWords(r.changes.kind),
      ' about ',
      activityRef(r.changes.activityId),
    ],
  ),
  'survey.reminded': define(
    'survey_invitation',
    'Surveys: reminder sent',
    (r: LoggedRow<{ activityId: number; personId: number; kind: string; why: string }>) => [
      r.actor,
      ' reminded ',
      personRef(r.changes.personId),
      ` to answer the ${kindWords(r.changes.kind)} about `,
      activityRef(r.changes.activityId),
      r.changes.why ? ` (${r.changes.why})` : '',
    ],
  ),
};
