import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { nationalFunding } from '../funding/national-funding.ts';
import { figuresOfEveryHub } from './annual-figures.ts';
import { LLMES_PER_HUB_AMBITION, type PhaseGroup } from './figure-definitions.ts';
import { percentOf, stageCount } from './report-tables.ts';
import { blankYearFigures, type YearFigures } from './year-figures.ts';

/** A phase's engagement: engaged schools and their share of the state-funded schools. */
export interface Share {
  engaged: number;
  schools: number;
  percent: number;
}

/** One row of the national team's comparison: a hub, or England (`hub` null). */
export interface ComparisonRow {
  hub: { id: number; slug: string; name: string } | null;
  name: string;
  engaged: Share;
  phases: Record<PhaseGroup, Share>;
  /** Schools (both phases) by the highest Teaching for Mastery stage they took part in. */
  tfm: { development: number; embedding: number; sustaining: number };
  masteringNumber: { receptionKs1: number; ks2: number };
  /** Participants in each SKTM programme, added up (the report's SKTM table). */
  sktm: number;
  llmes: number;
  /** The ambition: 50 active LLMEs a hub, 50 × the hubs for England. */
  ambition: number;
  /** Active LLMEs short of the ambition (0 when met). */
  short: number;
  targetedSupport: number;
  /** The grant the records earn in the year (the hubs' statement totals, `funding/national-funding.ts`). */
  grantPence: number;
}

export interface HubsCompared {
  yearCode: string;
  hubs: ComparisonRow[];
  england: ComparisonRow;
}

const share = (engaged: number, schools: number): Share => ({
  engaged,
  schools,
  percent: percentOf(engaged, schools),
});

/** One row from a year's figures: every value as the annual report and the hub dashboard read it. */
function rowOf(
  hub: ComparisonRow['hub'],
  name: string,
  y: YearFigures,
  grantPence: number,
  ambition: number,
): ComparisonRow {
  const phases = Object.fromEntries(
    y.engagement.map((e) => [e.phase, share(e.engaged, e.schools)]),
  ) as Record<PhaseGroup, Share>;
  const stage = (rank: number) => stageCount(y, 'primary', [rank]) + stageCount(y, 'secondary', [rank]);
  return {
    hub,
    name,
    engaged: share(
      y.engagement.reduce((t, e) => t + e.engaged, 0),
      y.engagement.reduce((t, e) => t + e.schools, 0),
    ),
    phases,
    tfm: { development: stage(2), embedding: stage(3), sustaining: stage(4) },
    masteringNumber: { ...y.masteringNumber },
    sktm: Object.values(y.sktm).reduce((t, v) => t + v, 0),
    llmes: y.llmes,
    ambition,
    short: Math.max(0, ambition - y.llmes),
    targetedSupport: y.targetedSupportSchools,
    grantPence,
  };
}

/**
 * Every hub's figures for a year side by side, with England's (issue 17). No figure is counted here:
 * the hubs' and England's come from the annual report's statements grouped by hub (`figuresOfEveryHub`:
 * the figures of each hub's own report and dashboard, and England's schools as theirs added up with the
 * schools in no hub's area, its participants and LLMEs from the national statements), the grant from the
 * national funding totals (each hub's statement total). The reads run at once on pooled connections.
 */
export async function hubsCompared(db: Executor, q: { yearCode: string }): Promise<HubsCompared> {
  const [{ hubs: byHub, england: national }, funding] = await readsAtOnce(db, [
    () => figuresOfEveryHub(db, q.yearCode),
    () => nationalFunding(db, q.yearCode),
  ]);
  const hubs = funding.hubs.map((h) =>
    rowOf(
      { id: h.hubId, slug: h.slug, name: h.name },
      h.name,
      byHub.get(h.hubId) ?? blankYearFigures(q.yearCode),
      h.totalPence,
      LLMES_PER_HUB_AMBITION,
    ),
  );
  const england = rowOf(
    null,
    'England',
    national,
    funding.totalPence,
    LLMES_PER_HUB_AMBITION * funding.hubs.length,
  );
  return { yearCode: q.yearCode, hubs, england };
}
