import { describe, expect, it } from 'vitest';
import type { AnnualReport } from './annual-report.ts';
import { chartDataOf, reportPdf } from './report-exports.ts';

const report: AnnualReport = {
  yearCode: '2023/24',
  previousYearCode: '2022/23',
  hub: null,
  headline: [],
  figures: [],
  tables: [
    {
      name: 'Engagement by phase',
      caption: 'Schools engaged, by phase',
      columns: ['Phase', 'Schools engaged', 'Of all schools (%)'],
      rows: [
        ['Primary', 120],
        ['Secondary', 30],
        ['Special', 0],
      ],
      definition: 'A school took part when someone from it attended.',
    },
  ],
  specialistsByHub: [],
  ambition: 50,
  trend: { years: [], figures: [] },
};

/**
 * The text a PDF's uncompressed content shows: each `[...] TJ` array's hex strings (WinAnsi, for pdfkit's
 * standard fonts) joined, the kerning between them dropped.
 */
const textOf = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\[([^\]]*)\] TJ/g)]
    .map((tj) =>
      [...tj[1]!.matchAll(/<([0-9a-f]+)>/g)]
        .map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'))
        .join(''),
    )
    .join('\n');

describe('the annual report as a PDF', () => {
  it('draws each table’s chart, bars as long as their values, above the table', async () => {
    const pdf = await reportPdf(report, { compress: false });
    // Filled rectangles (a table's cells are stroked or clipped: `re S`, `re W n`).
    const bars = [
      ...pdf.toString('latin1').matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\n(?!S|W n)/g),
    ].map((m) => Number(m[3]));
    // A bar for each row with a value above 0; Primary's is four times Secondary's.
    expect(bars).toHaveLength(2);
    expect(bars[0]! / bars[1]!).toBeCloseTo(4, 5);
    const text = textOf(pdf);
    for (const word of ['Primary', 'Secondary', 'Special', '120', '30', 'engaged schools']) {
      expect(text).toContain(word);
    }
  });

  it('is tagged for screen readers: headings, paragraphs and real tables with header cells (issue 14)', async () => {
    const pdf = (await reportPdf(report, { compress: false })).toString('latin1');
    expect(pdf).toContain('/MarkInfo');
    expect(pdf).toContain('/Marked true');
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toContain('/Lang (en-GB)');
    for (const role of ['/H1', '/H2', '/P', '/Table', '/TR', '/TH', '/TD'])
      expect(pdf).toContain(`/S ${role}`);
    // Header cells say what they head: the columns' headers and each row's first cell.
    expect(pdf).toMatch(/\/Scope \/Column/);
    expect(pdf).toMatch(/\/Scope \/Row/);
    // The chart is decoration (its table holds the same figures), not untagged content.
    expect(pdf).toContain('/Artifact');
    // A year with no data says so.
    const noData = await reportPdf(
      { ...report, tables: [{ ...report.tables[0]!, rows: [['Primary', 120, '']] }] },
      { compress: false },
    );
    expect(textOf(noData)).toContain('No data');
  });

  it('charts what the page charts: the first column against the second', () => {
    expect(chartDataOf(report.tables[0]!)).toEqual({
      data: [
        { label: 'Primary', value: 120 },
        { label: 'Secondary', value: 30 },
        { label: 'Special', value: 0 },
      ],
      unit: 'engaged schools',
    });
  });
});
