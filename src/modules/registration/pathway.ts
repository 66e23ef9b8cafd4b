import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { eventLog } from '../../platform/audit-schema.ts';
import type { Executor } from '../../platform/database.ts';
import { enrolments, hubActivities } from '../activities/schema.ts';
import { ncps, type TfmStage } from '../catalogue/schema.ts';
import { nextAcademicYear } from './rules.ts';

/** Who a commitment or a pathway is written for: the participant ("you") or their mentor ("they"). */
export type Reader = 'participant' | 'mentor';

export const CONTINUATION_INTENDED = 'enrolment.continuation_intended';

export interface NextPhase {
  ncp: { id: number; code: string; title: string; yearCode: string } | null;
  code: string;
  yearCode: string;
  activity: { id: number; title: string; yearCode: string } | null;
}

/**
 * An NCP code as it is written in another year's catalogue: its `NCPyy-` prefix moved to that year's
 * (NCP22-28b in 2023/24 is NCP23-28b). A code without the prefix (RIWG…) is kept as it is.
 */
export function ncpCodeInYear(code: string, yearCode: string): string {
  return code.replace(/^NCP\d{2}-/, `NCP${yearCode.slice(2, 4)}-`);
}

/**
 * The next phase of a two-phase programme (ECT Phase 1 → Phase 2): the NEXT YEAR's NCP of the same
 * programme. The catalogue names the next phase by the code of its own year (NCP22-28a → NCP22-28b);
 * the group that receives the participant is next year's (NCP23-28b). So the next phase's code is
 * `nextNcpCode` with its year prefix moved on to the next year; the NCP is that code in the next year's
 * catalogue (else the code as written there, else the same year's, for its title) and the activity
 * the hub's group of it in the next year.
 */
export async function findNextPhase(
  db: Executor,
  from: { hubId: number; yearCode: string; nextNcpCode: string | null },
): Promise<NextPhase | null> {
  if (!from.nextNcpCode) return null;
  const yearCode = nextAcademicYear(from.yearCode);
  const code = ncpCodeInYear(from.nextNcpCode, yearCode);
  const candidates = await db
    .select({ id: ncps.id, code: ncps.code, title: ncps.title, yearCode: ncps.yearCode })
    .from(ncps)
    .where(
      and(
        inArray(ncps.code, [...new Set([code, from.nextNcpCode])]),
        inArray(ncps.yearCode, [yearCode, from.yearCode]),
      ),
    );
  const preference = (c: { code: string; yearCode: string }) =>
    (c.yearCode === yearCode ? 0 : 2) + (c.code === code ? 0 : 1);
  candidates.sort((a, b) => preference(a) - preference(b));
  const ncp = candidates[0] ?? null;
  let activity: NextPhase['activity'] = null;
  if (ncp) {
    const ncpIds = candidates.map((c) => c.id);
    [activity = null] = await db
      .select({ id: hubActivities.id, title: hubActivities.title, yearCode: hubActivities.yearCode })
      .from(hubActivities)
      .where(
        and(
          eq(hubActivities.hubId, from.hubId),
          inArray(hubActivities.ncpId, ncpIds),
          eq(hubActivities.yearCode, yearCode),
          ne(hubActivities.status, 'cancelled'),
        ),
      )
      .orderBy(asc(hubActivities.id))
      .limit(1);
  }
  return { ncp, code, yearCode, activity };
}

const tfmStageNames: Record<TfmStage, string> = {
  readiness: 'Readiness',
  development: 'Development',
  embedding: 'Embedding',
  sustaining: 'Sustaining',
};

export interface Pathway {
  /** The next phase of a two-phase programme, if this is a first phase. */
  next: NextPhase | null;
  /** 'registered' (enrolled on the next phase), 'intended' (registered for both years, no group yet), or 'not-registered'. */
  status: 'registered' | 'intended' | 'not-registered' | null;
  nextEnrolmentId: number | null;
  /** What comes next, in sentences. */
  lines: string[];
}

/** What comes after an enrolment: the next phase and whether the participant is registered for it. */
export async function pathwayOf(
  db: Executor,
  enrolment: { id: number; personId: number },
  activity: { hubId: number; yearCode: string },
  ncp: { nextNcpCode: string | null; completesTfmStage: TfmStage | null },
): Promise<Pathway> {
  const next = await findNextPhase(db, { ...activity, nextNcpCode: ncp.nextNcpCode });
  let status: Pathway['status'] = null;
  let nextEnrolmentId: number | null = null;
  if (next) {
    const [continuing] = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(
        or(
          eq(enrolments.continuesEnrolmentId, enrolment.id),
          next.activity
            ? and(eq(enrolments.activityId, next.activity.id), eq(enrolments.personId, enrolment.personId))
            : sql`false`,
        ),
      )
      .limit(1);
    if (continuing) {
      status = 'registered';
      nextEnrolmentId = continuing.id;
    } else {
      const [intent] = await db
        .select({ id: eventLog.id })
        .from(eventLog)
        .where(
          and(
            eq(eventLog.action, CONTINUATION_INTENDED),
            eq(eventLog.subjectType, 'enrolment'),
            eq(eventLog.subjectId, String(enrolment.id)),
          ),
        )
        .limit(1);
      status = intent ? 'intended' : 'not-registered';
    }
  }
  const lines = pathwayLines({ next, status }, ncp.completesTfmStage, 'participant');
  return { next, status, nextEnrolmentId, lines };
}

/** What comes next, in sentences for the participant or for their mentor. */
export function pathwayLines(
  pathway: Pick<Pathway, 'next' | 'status'>,
  completesTfmStage: TfmStage | null,
  reader: Reader,
): string[] {
  const you = reader === 'participant';
  const lines: string[] = [];
  const { next, status } = pathway;
  if (next) {
    const nextName = next.ncp ? `${next.ncp.title} (${next.ncp.code})` : next.code;
    lines.push(`Next: ${nextName} in ${next.yearCode}.`);
    const group = next.activity ? `: ${next.activity.title}` : '';
    if (status === 'registered') {
      lines.push(
        you
          ? `You are registered for it${group}. You registered for both years at once.`
          : `They are registered for it${group}. They registered for both years at once.`,
      );
    } else if (status === 'intended') {
      lines.push(
        you
          ? `You registered for both years: your hub will enrol you when its ${next.yearCode} group is set up.`
          : `They registered for both years: the hub will enrol them when its ${next.yearCode} group is set up.`,
      );
    } else {
      lines.push(
        you ? 'You are not registered for it yet: ask your hub.' : 'They are not registered for it yet.',
      );
    }
  }
  if (completesTfmStage) {
    lines.push(
      `Completing this Work Group takes ${you ? 'your' : 'their'} school to the Teaching for Mastery ${tfmStageNames[completesTfmStage]} stage.`,
    );
  }
  if (!next && !completesTfmStage) {
    lines.push(
      you
        ? 'This project lasts one year. Your hub will tell you about the professional development that can follow.'
        : 'This project lasts one year. The hub will tell them about the professional development that can follow.',
    );
  }
  return lines;
}
