import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { formatDateTime } from '../../platform/dates.ts';
import { activitySessions, hubActivities, sessionKindNames } from '../activities/schema.ts';
import { type NcpSections, type NcpType, ncps, ncpTypeNames } from '../catalogue/schema.ts';
import { findNextPhase, type Reader } from './pathway.ts';

export type { Reader } from './pathway.ts';

export interface CommitmentSession {
  id: number;
  title: string;
  kind: string;
  startsAt: Date;
  location: string | null;
}

/** A phase of the commitment: the NCP, its year, the hub's planned sessions and the specification's model. */
export interface CommitmentPhase {
  code: string;
  title: string;
  type: NcpType | null;
  yearCode: string;
  /** The hub's planned sessions for this phase, or null when the hub has no group for it yet. */
  sessions: CommitmentSession[] | null;
  /** The specification's model of delivery (section D), else its summary, when the catalogue gives one. */
  model: string | null;
}

/** What taking part asks of a participant: this phase and, for a two-phase programme, the next. */
export interface Commitment {
  phase: CommitmentPhase & { sessions: CommitmentSession[] };
  next: CommitmentPhase | null;
  /** The first phase, when this is the second phase of a two-phase programme. */
  previous: { code: string; title: string } | null;
  /** The commitment in sentences for the participant (see commitmentText). */
  summary: string[];
  /** This phase's sessions, dated (kept for the pages' and the API's session lists). */
  sessions: CommitmentSession[];
}

const modelOf = (sections: NcpSections | null | undefined) =>
  sections?.models?.trim() || sections?.summary?.trim() || null;

/** The hub's planned sessions of each activity, in date order. */
async function sessionsOf(db: Executor, activityIds: number[]): Promise<Map<number, CommitmentSession[]>> {
  const found = new Map<number, CommitmentSession[]>(activityIds.map((id) => [id, []]));
  if (!activityIds.length) return found;
  const rows = await db
    .select({
      activityId: activitySessions.activityId,
      id: activitySessions.id,
      title: activitySessions.title,
      kind: activitySessions.kind,
      startsAt: activitySessions.startsAt,
      location: activitySessions.location,
    })
    .from(activitySessions)
    .where(inArray(activitySessions.activityId, activityIds))
    .orderBy(asc(activitySessions.startsAt), asc(activitySessions.id));
  for (const { activityId, ...s } of rows)
    found.get(activityId)?.push({ ...s, kind: sessionKindNames[s.kind] ?? s.kind });
  return found;
}

/**
 * The commitment of a participant of an activity: its NCP's sessions as the hub planned them, the
 * specification's model of delivery, and the second year where the NCP has a next phase. The NCP's
 * "required participation" is not part of it: in the specifications that says whether hubs must run the NCP.
 */
export async function commitmentOf(db: Executor, query: { activityId: number }): Promise<Commitment> {
  const commitment = (await commitmentsOf(db, [query.activityId])).get(query.activityId);
  if (!commitment) throw new Error(`No activity ${query.activityId}`);
  return commitment;
}

/**
 * The commitments of many activities at once (a hub's offer): the same as `commitmentOf` for each, in a
 * few queries whatever their number. Activities that do not exist are left out.
 */
export async function commitmentsOf(db: Executor, activityIds: number[]): Promise<Map<number, Commitment>> {
  const result = new Map<number, Commitment>();
  if (!activityIds.length) return result;
  const rows = await db
    .select({
      id: hubActivities.id,
      hubId: hubActivities.hubId,
      yearCode: hubActivities.yearCode,
      code: ncps.code,
      title: ncps.title,
      type: ncps.type,
      sections: ncps.sections,
      nextNcpCode: ncps.nextNcpCode,
    })
    .from(hubActivities)
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .where(inArray(hubActivities.id, activityIds));
  const sessions = await sessionsOf(
    db,
    rows.map((r) => r.id),
  );

  // The next phases, once for each hub, year and next NCP.
  const nextPhases = new Map<string, CommitmentPhase | null>();
  for (const row of rows) {
    const key = `${row.hubId}|${row.yearCode}|${row.nextNcpCode}`;
    if (!row.nextNcpCode || nextPhases.has(key)) continue;
    nextPhases.set(key, await nextPhaseOf(db, row));
  }

  // A second phase: the NCP that names this one as its next (the same or the previous year's catalogue).
  const secondPhaseCodes = [...new Set(rows.filter((r) => !r.nextNcpCode).map((r) => r.code))];
  const previousByCode = new Map<string, { code: string; title: string }>();
  if (secondPhaseCodes.length) {
    const firsts = await db
      .select({ code: ncps.code, title: ncps.title, nextNcpCode: ncps.nextNcpCode })
      .from(ncps)
      .where(inArray(ncps.nextNcpCode, secondPhaseCodes))
      .orderBy(desc(ncps.yearCode), asc(ncps.id));
    for (const f of firsts)
      if (f.nextNcpCode && !previousByCode.has(f.nextNcpCode))
        previousByCode.set(f.nextNcpCode, { code: f.code, title: f.title });
  }

  for (const row of rows) {
    const phaseSessions = sessions.get(row.id) ?? [];
    const phase = {
      code: row.code,
      title: row.title,
      type: row.type,
      yearCode: row.yearCode,
      sessions: phaseSessions,
      model: modelOf(row.sections),
    };
    const next = row.nextNcpCode
      ? (nextPhases.get(`${row.hubId}|${row.yearCode}|${row.nextNcpCode}`) ?? null)
      : null;
    const previous = row.nextNcpCode ? null : (previousByCode.get(row.code) ?? null);
    const commitment = { phase, next, previous, sessions: phaseSessions };
    result.set(row.id, { ...commitment, summary: commitmentText(commitment, 'participant') });
  }
  return result;
}

/** The next phase of a first phase: the next NCP, the hub's group for it (with its sessions), and its model. */
async function nextPhaseOf(
  db: Executor,
  row: { hubId: number; yearCode: string; nextNcpCode: string | null },
): Promise<CommitmentPhase | null> {
  const found = await findNextPhase(db, row);
  if (!found) return null;
  let model: string | null = null;
  let type: NcpType | null = null;
  if (found.ncp) {
    const [n] = await db
      .select({ sections: ncps.sections, type: ncps.type })
      .from(ncps)
      .where(eq(ncps.id, found.ncp.id));
    model = modelOf(n?.sections);
    type = n?.type ?? null;
  }
  return {
    code: found.ncp?.code ?? found.code,
    title: found.ncp?.title ?? found.code,
    type,
    yearCode: found.yearCode,
    sessions: found.activity
      ? ((await sessionsOf(db, [found.activity.id])).get(found.activity.id) ?? [])
      : null,
    model,
  };
}

/** "3 sessions: 2 Workshops and 1 School visit" (or the hub has not dated them yet). */
function sessionCount(sessions: CommitmentSession[] | null, reader: Reader): string {
  if (!sessions)
    return `The hub has not set up its group yet: it will send ${reader === 'participant' ? 'you' : 'them'} the sessions.`;
  if (!sessions.length)
    return `The hub will send ${reader === 'participant' ? 'you' : 'them'} the dates of the sessions.`;
  const byKind = new Map<string, number>();
  for (const s of sessions) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, n]) => `${n} × ${kind}`).join(', ');
  return `${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}: ${kinds}.`;
}

const phaseName = (p: Pick<CommitmentPhase, 'title' | 'code' | 'type'>) =>
  `${p.title} (${p.code}${p.type ? `, ${ncpTypeNames[p.type]}` : ''})`;

/**
 * The commitment in sentences: the ONE text of the confirmation email, the programme page and the
 * mentor's email. A two-phase programme states both years.
 */
export function commitmentText(
  commitment: Pick<Commitment, 'phase' | 'next'> & Partial<Pick<Commitment, 'previous'>>,
  reader: Reader,
): string[] {
  const { phase, next, previous } = commitment;
  const lines: string[] = [];
  if (next) {
    lines.push(
      `This programme runs over two years. ${reader === 'participant' ? 'You' : 'They'} commit to both.`,
      `Year 1, ${phase.yearCode}: ${phaseName(phase)}. ${sessionCount(phase.sessions, reader)}`,
    );
    if (phase.model) lines.push(`How it runs: ${phase.model}`);
    lines.push(`Year 2, ${next.yearCode}: ${phaseName(next)}. ${sessionCount(next.sessions, reader)}`);
    if (next.model) lines.push(`How it runs: ${next.model}`);
  } else if (previous) {
    lines.push(
      `This is the second year of a two-year programme, after ${previous.title} (${previous.code}).`,
      `Year 2, ${phase.yearCode}: ${phaseName(phase)}. ${sessionCount(phase.sessions, reader)}`,
    );
    if (phase.model) lines.push(`How it runs: ${phase.model}`);
  } else {
    lines.push(`${phase.yearCode}: ${phaseName(phase)}. ${sessionCount(phase.sessions, reader)}`);
    if (phase.model) lines.push(`How it runs: ${phase.model}`);
  }
  return lines;
}

/** The commitment as lines of an email, to the participant or their mentor: the text, then the dated sessions. */
export function commitmentLines(
  commitment: Parameters<typeof commitmentText>[0],
  reader: Reader = 'participant',
): string[] {
  const lines = commitmentText(commitment, reader);
  if (commitment.phase.sessions.length) {
    lines.push('', 'Sessions:');
    for (const s of commitment.phase.sessions) {
      lines.push(
        `- ${formatDateTime(s.startsAt)}: ${s.title} (${s.kind})${s.location ? `, ${s.location}` : ''}`,
      );
    }
  }
  return lines;
}
