import type { Column, Sheet } from '../../platform/exports.ts';
import { barChart, type Chart, withIds } from '../reporting/charts.ts';
import type { SurveyAnswers } from './survey-results-answers.ts';
import type { ChangeRow, ResultGroup } from './survey-results-before-after.ts';
import type { SurveyKind } from './survey-schema.ts';

/** How the kinds of survey read on the pages. */
export const surveyKindNames: Record<SurveyKind, string> = {
  participant_early: 'Participants, early (autumn)',
  participant_summer: 'Participants, summer',
  llme_end_of_year: 'LLMEs, end of year',
};

/** The names within a sentence ("Answers: participants, summer"): lower case, but LLMEs stays as it is written. */
export const surveyKindPhrases: Record<SurveyKind, string> = {
  participant_early: 'participants, early (autumn)',
  participant_summer: 'participants, summer',
  llme_end_of_year: 'LLMEs, end of year',
};

/**
 * The survey whose answers a results page shows when its address asks for none (an explicit `?kind=` is
 * always honoured): the latest participant survey issued in the page's year and scope, that is the summer
 * survey once anyone in scope has a summer invitation, otherwise the early survey. With neither issued (a
 * year before its early window, a scope nobody was surveyed in, or no NCP to show) the early survey too:
 * it is the year's first, so the page shows the questions that will be asked next, and "0 of 0 invited
 * answered" reads as not issued yet rather than as a summer survey nobody answered.
 */
export function surveyKindShown(summer: { invited: number } | null): SurveyKind {
  return summer && summer.invited > 0 ? 'participant_summer' : 'participant_early';
}

export const agreementPoints = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
];

const groupNames: Record<ResultGroup, string> = {
  hub: 'Maths Hub',
  activity: 'Activity',
  person: 'Participant',
};

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** A before/after row as a page and a download show it. */
export interface ChangeLine {
  group: string;
  statement: string;
  key: string | null;
  participants: number;
  pairs: number;
  meanBefore: number;
  meanAfter: number;
  meanChange: number;
  improvedPercent: number;
}

/**
 * The before/after rows as lines: each group's (then the whole scope's, named `wholeName`: England,
 * the hub, the activity) figure over every statement, then statement by statement.
 */
export function changeLines(
  rows: ChangeRow[],
  wholeName: string,
  statements: ReadonlyMap<string, string>,
): { overall: ChangeLine[]; byStatement: ChangeLine[] } {
  const line = (r: ChangeRow): ChangeLine => ({
    group: r.groupId === null ? wholeName : (r.groupLabel ?? String(r.groupId)),
    statement: r.key === null ? 'Every statement' : (statements.get(r.key) ?? r.key),
    key: r.key,
    participants: r.participants,
    pairs: r.pairs,
    meanBefore: round(r.meanBefore),
    meanAfter: round(r.meanAfter),
    meanChange: round(r.meanChange),
    improvedPercent: Math.round(r.improvedShare * 100),
  });
  const wholeLast = (a: ChangeRow, b: ChangeRow) => Number(a.groupId === null) - Number(b.groupId === null);
  return {
    overall: rows
      .filter((r) => r.key === null)
      .sort(wholeLast)
      .map(line),
    byStatement: rows
      .filter((r) => r.key !== null)
      .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '') || wholeLast(a, b))
      .map(line),
  };
}

/** The download's columns (CSV and Excel), the same figures as the page's tables. */
export const changeColumns = (groupBy: ResultGroup): Column<ChangeLine>[] => [
  { header: groupNames[groupBy], value: (r) => r.group },
  { header: 'Statement', value: (r) => r.statement },
  { header: 'Statement key', value: (r) => r.key ?? '' },
  { header: 'Participants who answered both', value: (r) => r.participants },
  { header: 'Answers paired', value: (r) => r.pairs },
  { header: 'Mean before (1 to 5)', value: (r) => r.meanBefore },
  { header: 'Mean after (1 to 5)', value: (r) => r.meanAfter },
  { header: 'Mean change', value: (r) => r.meanChange },
  { header: 'Improved (%)', value: (r) => r.improvedPercent },
];

export function changeSheet(
  name: string,
  groupBy: ResultGroup,
  lines: { overall: ChangeLine[]; byStatement: ChangeLine[] },
): Sheet<ChangeLine> {
  return { name, columns: changeColumns(groupBy), rows: [...lines.overall, ...lines.byStatement] };
}

/** The charts of a before/after: the mean change per group (every statement), and per statement for the whole scope. */
export async function changeCharts(
  lines: { overall: ChangeLine[]; byStatement: ChangeLine[] },
  wholeName: string,
  groupWord: string,
): Promise<{ byGroup: Chart | null; byStatement: Chart | null }> {
  const whole = lines.byStatement.filter((l) => l.group === wholeName);
  return {
    byGroup: lines.overall.length
      ? withIds(
          await barChart(
            `Mean change on the agreement scale by ${groupWord}, every statement`,
            lines.overall.map((l) => ({ label: l.group, value: l.meanChange })),
            'points',
          ),
          'chart-groups',
        )
      : null,
    byStatement: whole.length
      ? withIds(
          await barChart(
            `Mean change on the agreement scale by statement, ${wholeName}`,
            whole.map((l) => ({ label: l.statement, value: l.meanChange })),
            'points',
          ),
          'chart-statements',
        )
      : null,
  };
}

/** The answers of a survey, shaped for the page (agreement points with their words, means rounded). */
export function answersView(answers: SurveyAnswers) {
  return {
    invited: answers.invited,
    submitted: answers.submitted,
    percent: answers.invited ? Math.round((answers.submitted / answers.invited) * 100) : null,
    questions: answers.questions.map((q) => ({
      ...q,
      mean: q.mean === null ? null : round(q.mean),
      median: q.median === null ? null : round(q.median),
      points: q.points.map((count, i) => ({ label: agreementPoints[i]!, count })),
    })),
  };
}
