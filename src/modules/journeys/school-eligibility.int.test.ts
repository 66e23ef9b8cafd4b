import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { addSchool, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { referenceFile } from '../../../test/support/hub-factories.ts';
import type { Database } from '../../platform/database.ts';
import type { NcpPhase, TfmStage } from '../catalogue/schema.ts';
import { schoolLinks } from '../schools/schema.ts';
import { checkPhase, codesMet, ncpCodeNumber, schoolEligibility } from './school-eligibility.ts';

/** The shipped 2023/24 catalogue's rules, as the hubs get them. */
const shipped = JSON.parse(referenceFile('catalogue/2023-24.json')) as {
  ncps: { code: string; title: string; strand: string; phases: NcpPhase[]; rules: Record<string, unknown> }[];
};
const spec = (code: string) => shipped.ncps.find((n) => n.code === code)!;

describe('the phase and code rules', () => {
  it('fits schools to the phases of a project, in the programme’s words', () => {
    expect(checkPhase(['primary'], { name: 'Alder', phase: 'primary' })).toBeNull();
    expect(checkPhase(['primary'], { name: 'Alder', phase: 'special' })).toBeNull();
    expect(checkPhase(['secondary'], { name: 'Alder', phase: 'all_through' })).toBeNull();
    expect(checkPhase(['primary'], { name: 'Elm', phase: 'secondary' })).toBe(
      'This project is for primary schools: Elm is a secondary school.',
    );
    expect(checkPhase(['special'], { name: 'Alder', phase: 'primary' })).toBe(
      'This project is for special schools: Alder is a primary school.',
    );
    expect(checkPhase(['primary', 'secondary'], { name: 'Sixth', phase: 'post_16' })).toBe(
      'This project is for primary schools or secondary schools: Sixth is a post-16 provider.',
    );
  });

  it('compares NCP codes across years by their number', () => {
    expect(ncpCodeNumber('NCP23-09')).toBe(ncpCodeNumber('NCP24-09'));
    expect(ncpCodeNumber('NCP 19-05')).toBe('05');
    expect(ncpCodeNumber('NCP23-28a')).toBe('28a');
    expect(codesMet(['NCP23-28a', 'NCP23-10'], ['NCP24-28a', 'NCP24-09'])).toEqual(['NCP23-28a']);
  });
});

describe('schoolEligibility', () => {
  let handle: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  const ncp: Record<string, number> = {};
  let hubId: number;
  let laCode: string;

  const project = async (code: string, yearCode = '2024/25', completesTfmStage?: TfmStage) => {
    const s = spec(code);
    const made = await makeNcp(db, {
      yearCode,
      code: code.replace('NCP23', `NCP${yearCode.slice(2, 4)}`),
      title: s.title,
      strand: s.strand,
      phases: s.phases,
      rules: s.rules,
      completesTfmStage: completesTfmStage ?? null,
    });
    return made.id;
  };
  const completed = async (
    ncpId: number,
    urn: number,
    yearCode: string,
    status: 'registered' | 'completed' | 'withdrawn' = 'completed',
  ) => {
    const activity = await makeActivity(db, { hubId, ncpId, yearCode });
    await addSchool(db, activity.id, urn, status);
  };
  const school = (name: string, phase: 'primary' | 'secondary' | 'special' = 'primary') =>
    makeSchool(db, { laCode, name, phase });

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    const la = await makeLocalAuthority(db, { name: 'Ruleshire' });
    laCode = la.code;
    hubId = (await makeHub(db, { slug: 'rules-hub', name: 'Rules Maths Hub' }, [{ laCode }])).id;
    ncp.sustaining23 = await project('NCP23-11', '2023/24', 'sustaining');
    ncp.mnReception23 = await project('NCP23-07a', '2023/24');
    ncp.readiness23 = await project('NCP23-08', '2023/24', 'readiness');
    ncp.readiness = await project('NCP23-08', '2024/25', 'readiness');
    ncp.development = await project('NCP23-09', '2024/25', 'development');
    ncp.embedding = await project('NCP23-10', '2024/25', 'embedding');
    ncp.ks2 = await project('NCP23-06');
    ncp.special = await project('NCP23-09s');
  });
  afterAll(() => handle.drop());

  it('refuses a Sustaining school from Mastery Readiness, with the reasons', async () => {
    const s = await school('Sycamore Primary School');
    await completed(ncp.sustaining23!, s.urn, '2023/24');
    const verdict = await schoolEligibility(db, { ncpId: ncp.readiness!, schoolUrn: s.urn });
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons[0]).toBe(
      'Only schools that have never been in a Teaching for Mastery Work Group may join: this school has been in a Sustaining Work Group.',
    );
    expect(verdict.reasons[1]).toMatch(
      /^The school must meet at least one of these criteria: Has been judged at RI/,
    );
  });

  it('counts a Work Group the school is signed up to, but not one it withdrew from or the one checked', async () => {
    const signedUp = await school('Signed Primary School');
    await completed(ncp.readiness23!, signedUp.urn, '2023/24', 'registered');
    const verdict = await schoolEligibility(db, { ncpId: ncp.readiness!, schoolUrn: signedUp.urn });
    expect(verdict.reasons[0]).toMatch(/this school has been in a Mastery Readiness Work Group/);
    const withdrew = await school('Withdrew Primary School');
    await completed(ncp.readiness23!, withdrew.urn, '2023/24', 'withdrawn');
    await completed(ncp.readiness!, withdrew.urn, '2024/25', 'registered');
    const again = await schoolEligibility(db, { ncpId: ncp.readiness!, schoolUrn: withdrew.urn });
    expect(again.reasons).toHaveLength(1);
    expect(again.reasons[0]).toMatch(/^The school must meet at least one of these criteria/);
  });

  it('refuses a school new to Teaching for Mastery from Mastering Number at KS2', async () => {
    const n = await school('New Primary School');
    const verdict = await schoolEligibility(db, { ncpId: ncp.ks2!, schoolUrn: n.urn });
    expect(verdict).toEqual({
      ok: false,
      reasons: [
        'Only schools that have reached the Sustaining stage of Teaching for Mastery may join: it has not started.',
        'It must first complete Mastering Number at Reception and KS1.',
      ],
    });
  });

  it('admits a Sustaining school that took part in Mastering Number at Reception and KS1 to KS2', async () => {
    const s = await school('Willow Primary School');
    await completed(ncp.sustaining23!, s.urn, '2023/24');
    expect((await schoolEligibility(db, { ncpId: ncp.ks2!, schoolUrn: s.urn })).reasons).toEqual([
      'It must first complete Mastering Number at Reception and KS1.',
    ]);
    await completed(ncp.mnReception23!, s.urn, '2023/24');
    expect(await schoolEligibility(db, { ncpId: ncp.ks2!, schoolUrn: s.urn })).toEqual({
      ok: true,
      reasons: [],
    });
  });

  it('follows a school’s record to its successor (academy conversion)', async () => {
    const old = await school('Old Cedar Primary School');
    const academy = await school('Cedar Primary Academy');
    await db
      .insert(schoolLinks)
      .values({ urn: old.urn, linkedUrn: academy.urn, linkType: 'Successor', linkName: '' });
    const development23 = await project('NCP23-09', '2023/24', 'development');
    await completed(development23, old.urn, '2023/24');
    expect(await schoolEligibility(db, { ncpId: ncp.embedding!, schoolUrn: academy.urn })).toEqual({
      ok: true,
      reasons: [],
    });
    const none = await school('Hazel Primary School');
    expect((await schoolEligibility(db, { ncpId: ncp.embedding!, schoolUrn: none.urn })).reasons).toEqual([
      'Only schools that have reached the Development stage of Teaching for Mastery may join: it has not started.',
    ]);
  });

  it('refuses a school of the wrong phase, and admits a new primary school to Development', async () => {
    const e = await school('Elm Secondary School', 'secondary');
    expect(await schoolEligibility(db, { ncpId: ncp.development!, schoolUrn: e.urn })).toEqual({
      ok: false,
      reasons: ['This project is for primary schools: Elm Secondary School is a secondary school.'],
    });
    const p = await school('Poplar Primary School');
    expect((await schoolEligibility(db, { ncpId: ncp.development!, schoolUrn: p.urn })).ok).toBe(true);
    const sp = await school('Oak Special School', 'special');
    expect((await schoolEligibility(db, { ncpId: ncp.special!, schoolUrn: sp.urn })).ok).toBe(true);
  });

  it('answers for an unknown project or school', async () => {
    const p = await school('Rowan Primary School');
    expect((await schoolEligibility(db, { ncpId: 999999, schoolUrn: p.urn })).ok).toBe(false);
    expect(await schoolEligibility(db, { ncpId: ncp.development!, schoolUrn: 1 })).toEqual({
      ok: false,
      reasons: ['There is no school with this URN.'],
    });
  });
});
