import type { Column } from '../../platform/cli-output.ts';
import { formatPence } from '../funding/money.ts';
import { phaseGroupNames } from './figure-definitions.ts';
import type { ComparisonRow } from './hubs-compared.ts';

/**
 * The comparison's columns, once: the page's headings (each a sort link), its cells, the sort and the
 * CSV and Excel downloads all read them.
 */
export interface ComparisonColumn {
  key: string;
  /** The heading (the download's header). */
  header: string;
  /** Words for a screen reader after a short heading ("%" → "% of primary schools engaged"). */
  hidden?: string;
  numeric: boolean;
  /** The value sorted by and given in the downloads. */
  value: (r: ComparisonRow) => string | number;
  /** The value as the page shows it. */
  show: (r: ComparisonRow) => string;
}

const count = (v: number) => v.toLocaleString('en-GB');
const pct = (v: number) => `${v.toLocaleString('en-GB')}%`;

const num = (
  key: string,
  header: string,
  value: (r: ComparisonRow) => number,
  hidden?: string,
): ComparisonColumn => ({ key, header, hidden, numeric: true, value, show: (r) => count(value(r)) });

const percentColumn = (
  key: string,
  header: string,
  value: (r: ComparisonRow) => number,
  hidden: string,
): ComparisonColumn => ({ key, header, hidden, numeric: true, value, show: (r) => pct(value(r)) });

const phases = ['primary', 'secondary', 'post_16', 'other'] as const;

export const comparisonColumns: ComparisonColumn[] = [
  { key: 'name', header: 'Hub', numeric: false, value: (r) => r.name, show: (r) => r.name },
  num('engaged', 'Schools engaged', (r) => r.engaged.engaged),
  percentColumn('engaged_pct', 'Engaged (%)', (r) => r.engaged.percent, 'of the state-funded schools'),
  ...phases.flatMap((p) => [
    num(`${p}`, `${phaseGroupNames[p]} engaged`, (r) => r.phases[p].engaged),
    percentColumn(`${p}_pct`, `${phaseGroupNames[p]} (%)`, (r) => r.phases[p].percent, 'engaged'),
  ]),
  num('development', 'TfM Development', (r) => r.tfm.development, 'schools'),
  num('embedding', 'TfM Embedding', (r) => r.tfm.embedding, 'schools'),
  num('sustaining', 'TfM Sustaining', (r) => r.tfm.sustaining, 'schools'),
  num(
    'mn_reception_ks1',
    'Mastering Number Reception and KS1',
    (r) => r.masteringNumber.receptionKs1,
    'schools',
  ),
  num('mn_ks2', 'Mastering Number KS2', (r) => r.masteringNumber.ks2, 'schools'),
  num('sktm', 'SKTM participants', (r) => r.sktm),
  num('llmes', 'Active LLMEs', (r) => r.llmes),
  {
    key: 'ambition',
    header: 'Against the ambition',
    hidden: 'of 50 active LLMEs a hub',
    numeric: true,
    value: (r) => r.short,
    show: (r) =>
      r.short === 0 ? `Met (${count(r.ambition)})` : `${count(r.short)} short of ${count(r.ambition)}`,
  },
  num('targeted_support', 'Targeted Support schools', (r) => r.targetedSupport),
  {
    key: 'grant',
    header: 'Grant',
    numeric: true,
    value: (r) => r.grantPence,
    show: (r) => formatPence(r.grantPence),
  },
];

export const comparisonSortKeys = comparisonColumns.map((c) => c.key) as [string, ...string[]];

/** The downloads' columns: the same values, the grant in pounds. */
export const comparisonExportColumns: Column<ComparisonRow>[] = comparisonColumns.map((c) =>
  c.key === 'grant'
    ? { header: 'Grant (£)', value: (r) => r.grantPence / 100 }
    : c.key === 'ambition'
      ? { header: 'Active LLMEs short of the ambition', value: c.value }
      : { header: c.header, value: c.value },
);
