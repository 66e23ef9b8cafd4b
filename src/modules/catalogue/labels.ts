import type { NcpPhase, ParticipationLevel } from './schema.ts';

export { ncpTypeNames } from './schema.ts';

/** Names of phases and participation levels as the handbook and the specifications write them. */
export const ncpPhaseNames: Record<NcpPhase, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  post_16: 'Post-16',
  cross_phase: 'Cross-phase',
  special: 'Special schools',
};

export const participationNames: Record<ParticipationLevel, string> = {
  required: 'Required',
  strongly_recommended: 'Strongly recommended',
  not_required: 'Not required',
};

/**
 * The specifications' "Required participation" says whether every Maths Hub must run the NCP; it is not
 * what a participant commits to (that is told by registration/commitment.ts).
 */
export const participationLabel = 'Required participation (whether hubs must run it)';
export { type TfmStage, tfmStages } from './schema.ts';
