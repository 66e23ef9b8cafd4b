import { phasesText } from './catalogue-views.ts';
import { ncpTypeNames, participationNames } from './labels.ts';
import type { Ncp } from './list-ncps.ts';
import { describeRules, parseRules, tfmStageNames } from './rules.ts';

/** The catalogue as a download (CSV or Excel): one row per NCP. */
export const catalogueExportColumns = [
  { header: 'Code', value: (n: Ncp) => n.code },
  { header: 'Title', value: (n: Ncp) => n.title },
  { header: 'Phases', value: phasesText },
  { header: 'Type', value: (n: Ncp) => ncpTypeNames[n.type] },
  { header: 'Participation', value: (n: Ncp) => participationNames[n.participation] },
  { header: 'Strand', value: (n: Ncp) => n.strand },
  {
    header: 'Completes TfM stage',
    value: (n: Ncp) => (n.completesTfmStage ? tfmStageNames[n.completesTfmStage] : null),
  },
  { header: 'Next phase', value: (n: Ncp) => n.nextNcpCode },
  { header: 'Rules', value: (n: Ncp) => describeRules(parseRules(n.rules)).join(' ') },
];
