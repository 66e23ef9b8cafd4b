import { accreditationKinds } from '../people/roles.ts';
import { ncpPhaseNames, ncpTypeNames, participationNames } from './labels.ts';
import type { Ncp } from './list-ncps.ts';
import { sectionFields } from './ncp-form.ts';
import { accreditationNames, tfmStageNames } from './rules.ts';
import { ncpPhases, ncpTypes, participationLevels, tfmStages } from './schema.ts';

/** The view models of the catalogue's pages: what the templates are given, made from NCP rows. */

export const phasesText = (ncp: Ncp) => ncp.phases.map((p) => ncpPhaseNames[p]).join(', ');

/** The year after a catalogue's year (`2023/24` → `2024/25`). */
export function yearAfter(year: string): string {
  const start = Number(year.slice(0, 4));
  return `${start + 1}/${String((start + 2) % 100).padStart(2, '0')}`;
}

/** The choices of the filters and of the edit form. */
export const editOptions = {
  phases: ncpPhases.map((value) => ({ value, text: ncpPhaseNames[value] })),
  types: ncpTypes.map((value) => ({ value, text: ncpTypeNames[value] })),
  participation: participationLevels.map((value) => ({ value, text: participationNames[value] })),
  stages: tfmStages.map((value) => ({ value, text: tfmStageNames[value] })),
  accreditations: accreditationKinds.map((value) => ({ value, text: accreditationNames[value] })),
  sectionFields,
};

/** Groups a catalogue by phase, then type, as the handbook lists it (an NCP of two phases is under both). */
export function groupByPhaseAndType(rows: Ncp[], phase: string) {
  return ncpPhases
    .filter((p) => !phase || p === phase)
    .map((p) => ({
      phase: p,
      name: ncpPhaseNames[p],
      types: ncpTypes
        .map((t) => ({
          type: t,
          name: ncpTypeNames[t],
          ncps: rows.filter((n) => n.phases.includes(p) && n.type === t),
        }))
        .filter((g) => g.ncps.length),
    }))
    .filter((g) => g.types.length);
}

/** Sections A–K with their headings, the outcomes under the Guskey headings; empty ones left out. */
export function sectionView(ncp: Ncp) {
  const s = ncp.sections;
  const o = s.outcomes ?? {};
  const outcomes = [
    ['Professional learning', o.professionalLearning],
    ['Practice development', o.practiceDevelopment],
    ['Development or identification of materials', o.materials],
    ['Whole school/departmental policies and approaches', o.wholeSchool],
    ['Pupil outcomes', o.pupilOutcomes],
  ]
    .filter(([, text]) => text)
    .map(([heading, text]) => ({ heading, text }));
  const all = [
    { letter: 'A', heading: 'Project summary', text: s.summary },
    { letter: 'B', heading: 'Project rationale', text: s.rationale },
    { letter: 'C', heading: 'Outcomes', outcomes: outcomes.length ? outcomes : undefined },
    { letter: 'D', heading: 'Models', text: s.models },
    { letter: 'E', heading: 'Project Co-ordination Team (PCT)', text: s.pct },
    { letter: 'F', heading: 'Leads', text: s.leads },
    { letter: 'G', heading: 'Participants', text: s.participants },
    { letter: 'H', heading: 'Participation data', text: s.participationData },
    {
      letter: 'I',
      heading: 'NCP national workshops, webinars and online communities',
      text: s.nationalWorkshops,
    },
    { letter: 'J', heading: 'Finances', text: s.finances },
    { letter: 'K', heading: 'Reflection, evaluation and reports', text: s.evaluation },
  ];
  return all.filter((x) => x.text || x.outcomes);
}
