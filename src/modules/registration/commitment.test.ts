import { describe, expect, it } from 'vitest';
import { shippedCatalogue } from '../catalogue/shipped-catalogues.ts';
import { type CommitmentPhase, type CommitmentSession, commitmentText } from './commitment.ts';

/** A phase built from a real NCP of a shipped catalogue, with the hub's sessions. */
function phaseOf(
  year: '2019/20' | '2023/24',
  code: string,
  sessions: CommitmentSession[] | null,
): CommitmentPhase {
  const ncp = shippedCatalogue(year).ncps.find((n) => n.code === code);
  if (!ncp) throw new Error(`${code} is not in the ${year} catalogue`);
  return {
    code: ncp.code,
    title: ncp.title,
    type: ncp.type,
    yearCode: year,
    sessions,
    model: ncp.sections?.models ?? ncp.sections?.summary ?? null,
  };
}

const session = (id: number, kind: string): CommitmentSession => ({
  id,
  title: `Session ${id}`,
  kind,
  startsAt: new Date('2023-10-12T16:00:00Z'),
  location: null,
});

describe('commitmentText on real catalogue NCPs', () => {
  it('tells an ECT Phase 1 participant both years (NCP23-28a then NCP23-28b)', () => {
    const phase = phaseOf('2023/24', 'NCP23-28a', [session(1, 'Session'), session(2, 'Session')]);
    const next = { ...phaseOf('2023/24', 'NCP23-28b', null), yearCode: '2024/25' };
    const lines = commitmentText({ phase: { ...phase, sessions: phase.sessions! }, next }, 'participant');
    expect(lines[0]).toBe('This programme runs over two years. You commit to both.');
    expect(lines[1]).toMatch(
      /^Year 1, 2023\/24: .*Phase 1.*\(NCP23-28a, Programme\)\. 2 sessions: 2 × Session\.$/,
    );
    expect(lines[2]).toMatch(
      /^Year 2, 2024\/25: .*Phase 2.*\(NCP23-28b, Programme\)\. The hub has not set up its group yet/,
    );
    expect(commitmentText({ phase: { ...phase, sessions: phase.sessions! }, next }, 'mentor')[0]).toBe(
      'This programme runs over two years. They commit to both.',
    );
  });

  it('gives the specification’s two-year model of the Secondary Mastery Specialists (NCP 19-03)', () => {
    const phase = phaseOf('2019/20', 'NCP 19-03', []);
    const lines = commitmentText({ phase: { ...phase, sessions: [] }, next: null }, 'participant');
    expect(lines[0]).toBe(
      '2019/20: Secondary Mastery Specialists Programme (Cohort 3) (NCP 19-03, Programme). The hub will send you the dates of the sessions.',
    );
    expect(lines[1]).toContain('Year 1 – 15 days');
    expect(lines[1]).toContain('Year 2 – 15 days');
  });

  it('never presents the NCP’s "required participation" as the participant’s commitment (NCP 19-09)', () => {
    const phase = phaseOf('2019/20', 'NCP 19-09', [session(1, 'Teacher Research Group (TRG)')]);
    const lines = commitmentText(
      { phase: { ...phase, sessions: phase.sessions! }, next: null },
      'participant',
    );
    expect(lines[0]).toMatch(/1 session: 1 × Teacher Research Group \(TRG\)\.$/);
    expect(lines[1]).toMatch(/^How it runs: This is a nationally agreed model/);
    expect(lines.join(' ')).not.toMatch(/required/i);
  });
});
