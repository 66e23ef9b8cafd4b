import type { Database } from '../../src/platform/database.ts';
import { addLead, addSchool, enrol, makeActivity, makeNcp } from './delivery-factories.ts';

/**
 * Last year as a new year finds it: the year's Primary TfM catalogue (Sustaining `NCPyy-<sustainingCode>`,
 * Development NCPyy-09, and an SKTM programme NCPyy-27 if asked) and one completed Sustaining Work Group of
 * the hub, led by the LLME, with one school and one teacher of it: what a hub continues into the new year.
 */
export async function makeLastYearSustainingGroup(
  db: Database,
  input: {
    yearCode: string;
    hubId: number;
    leadId: number;
    schoolUrn: number;
    teacherId: number;
    sustainingCode?: string;
    withSktm?: boolean;
  },
): Promise<{ activityId: number; sustainingNcpId: number }> {
  const yy = input.yearCode.slice(2, 4);
  const sustaining = await makeNcp(db, {
    yearCode: input.yearCode,
    code: `NCP${yy}-${input.sustainingCode ?? '12'}`,
    title: 'Primary Teaching for Mastery Sustaining Work Groups',
    completesTfmStage: 'sustaining',
  });
  await makeNcp(db, {
    yearCode: input.yearCode,
    code: `NCP${yy}-09`,
    title: 'Primary Teaching for Mastery Development Work Groups',
    phases: ['primary'],
    completesTfmStage: 'development',
  });
  if (input.withSktm) {
    await makeNcp(db, {
      yearCode: input.yearCode,
      code: `NCP${yy}-27`,
      title: 'Specialist Knowledge for Teaching Mathematics: Primary Teachers',
      type: 'programme',
    });
  }
  const group = await makeActivity(db, {
    hubId: input.hubId,
    ncpId: sustaining.id,
    yearCode: input.yearCode,
    status: 'completed',
    title: 'Sustaining Work Group 1',
  });
  await addLead(db, group.id, input.leadId);
  await addSchool(db, group.id, input.schoolUrn);
  await enrol(db, { activityId: group.id, personId: input.teacherId, schoolUrn: input.schoolUrn });
  return { activityId: group.id, sustainingNcpId: sustaining.id };
}
