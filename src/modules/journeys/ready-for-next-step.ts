import { type Executor, readsAtOnce } from '../../platform/database.ts';
import type { TfmStage } from '../catalogue/schema.ts';
import { type AreaSchool, hubAreaSchools } from './hub-area-schools.ts';
import { type NextStep, nextStep } from './journey-rules.ts';
import { keptSchoolFlags } from './kept-school-flags.ts';
import { schoolsMeetingCriteria } from './school-eligibility.ts';
import { tfmInProgress, tfmStagesAt } from './tfm-stages.ts';

export interface HubSchoolJourney extends AreaSchool {
  stage: TfmStage | null;
  inProgress: TfmStage | null;
  engaged: boolean;
  nextStep: NextStep | null;
}

/**
 * Every open state-funded school in a hub's area with its stage at the end of the year, whether it
 * was engaged in the year, the Teaching for Mastery activity it is part-way through, and its next step.
 */
export async function hubSchoolJourneys(
  db: Executor,
  q: { hubId: number; yearCode: string },
): Promise<HubSchoolJourney[]> {
  const schools = await hubAreaSchools(db, q.hubId);
  const urns = schools.map((s) => s.urn);
  // Engagement and Mastering Number from the counts the writes keep (kept-school-flags.ts): working
  // them out from every enrolment and mark took about 60 ms each for a hub on the demonstration data.
  const [stages, inProgress, flags, meetCriteria] = await readsAtOnce(db, [
    () => tfmStagesAt(db, { yearCode: q.yearCode, urns }),
    () => tfmInProgress(db, { yearCode: q.yearCode, urns }),
    () => keptSchoolFlags(db, { yearCode: q.yearCode, urns }),
    () => schoolsMeetingCriteria(db, urns),
  ]);
  const engagedSet = flags.engaged;
  const didReceptionKs1 = flags.masteringNumberReceptionKs1;
  const didKs2 = flags.masteringNumberKs2;
  return schools.map((s) => {
    const stage = stages.get(s.urn) ?? null;
    const taking = inProgress.get(s.urn) ?? null;
    return {
      ...s,
      stage,
      inProgress: taking,
      engaged: engagedSet.has(s.urn),
      nextStep: nextStep({
        phase: s.phase,
        stage,
        inProgress: taking,
        didMasteringNumberReceptionKs1: didReceptionKs1.has(s.urn),
        didMasteringNumberKs2: didKs2.has(s.urn),
        meetsReadinessCriteria: meetCriteria.has(s.urn),
      }),
    };
  });
}

/**
 * DEFINITION: a hub's schools ready for the next step at the end of a year (docs/definitions.md,
 * "Ready for the next step"), each with the step and the reason.
 */
export async function readyForNextStep(
  db: Executor,
  q: { hubId: number; yearCode: string },
): Promise<(HubSchoolJourney & { nextStep: NextStep })[]> {
  return (await hubSchoolJourneys(db, q)).filter(
    (s): s is HubSchoolJourney & { nextStep: NextStep } => s.nextStep !== null,
  );
}
