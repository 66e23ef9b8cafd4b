import { type Column, formatRows } from '../../platform/cli-output.ts';
import { type Sheet, workbook } from '../../platform/exports.ts';
import type { AnnualReport, ReportFigure, ReportTable } from './annual-report.ts';
import type { BarDatum } from './charts.ts';

/**
 * The annual report's downloads, all from the one `AnnualReport` (the page, the API and the CLI use
 * the same object): CSV of every figure, an Excel workbook with one sheet per table, a PDF that reads
 * like the page, and JSON.
 */
export const figureColumns: Column<ReportFigure>[] = [
  { header: 'Figure', value: (f) => f.label },
  { header: 'Key', value: (f) => f.key },
  { header: 'Value', value: (f) => f.value },
  { header: 'Percentage', value: (f) => f.percent },
  { header: 'Value compared with', value: (f) => f.previous },
  { header: 'Comparison', value: (f) => f.change },
  { header: 'Year compared with', value: (f) => f.comparedWith },
  { header: 'Definition', value: (f) => f.definition },
];

const tableSheet = (table: ReportTable): Sheet<(string | number)[]> => ({
  name: table.name,
  columns: table.columns.map((header, i) => ({ header, value: (row) => row[i] })),
  rows: table.rows,
});

const specialistColumns: Column<AnnualReport['specialistsByHub'][number]>[] = [
  { header: 'Maths Hub', value: (h) => h.hubName },
  { header: 'Active LLMEs', value: (h) => h.llmes },
  { header: 'Mastery Specialists', value: (h) => h.masterySpecialists },
  { header: 'Meets the ambition of 50', value: (h) => (h.meetsAmbition ? 'Yes' : 'No') },
];

export const reportFileName = (r: AnnualReport) =>
  `maths-hubs-annual-report-${r.hub ? `${r.hub.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-` : ''}${r.yearCode.replace('/', '-')}`;

export function reportCsv(r: AnnualReport): string {
  return `\ufeff${formatRows(r.figures, figureColumns, 'csv')}`;
}

export function reportJson(r: AnnualReport) {
  return {
    year: r.yearCode,
    previousYear: r.previousYearCode,
    hub: r.hub?.name ?? null,
    figures: r.figures,
    tables: r.tables,
    masterySpecialistsByHub: r.specialistsByHub,
    ambitionPerHub: r.ambition,
    trend: r.trend,
  };
}

export async function reportWorkbook(r: AnnualReport): Promise<Buffer> {
  return workbook([
    { name: 'Figures', columns: figureColumns, rows: r.figures },
    ...r.tables.map(tableSheet),
    { name: 'Mastery Specialists by hub', columns: specialistColumns, rows: r.specialistsByHub },
  ]);
}

/** What a table's chart shows: its first column's labels against its second column, in that unit. */
export function chartDataOf(table: ReportTable): { data: BarDatum[]; unit: string } {
  return {
    data: table.rows.map((r) => ({ label: String(r[0]), value: Number(r[1]) })),
    unit: table.name === 'Engagement by phase' ? 'engaged schools' : table.columns[1]!.toLowerCase(),
  };
}

const barBlue = '#1d70b8';

/**
 * A horizontal bar chart drawn in the PDF (as on the page: the table's labels and values, bars in
 * GOV.UK blue, each value written beside its bar), in vector shapes, so it prints sharply.
 */
function drawBarChart(doc: PDFKit.PDFDocument, { data, unit }: { data: BarDatum[]; unit: string }): void {
  const left = doc.page.margins.left;
  const labelWidth = 170;
  const barWidth = doc.page.width - left - doc.page.margins.right - labelWidth - 70;
  const max = Math.max(1, ...data.map((d) => d.value));
  const rowHeight = 16;
  let y = doc.y + 4;
  doc.font('Helvetica').fontSize(9);
  for (const d of data) {
    if (y + rowHeight > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      y = doc.y;
    }
    doc
      .fillColor('#0b0c0c')
      .text(d.label, left, y + 2, { width: labelWidth - 8, height: 11, ellipsis: true });
    const width = (Math.max(0, d.value) / max) * barWidth;
    if (width > 0) doc.rect(left + labelWidth, y, width, rowHeight - 4).fill(barBlue);
    doc
      .fillColor('#0b0c0c')
      .text(d.value.toLocaleString('en-GB'), left + labelWidth + width + 4, y + 2, { lineBreak: false });
    y += rowHeight;
  }
  doc
    .fillColor('#505a5f')
    .text(unit, left + labelWidth, y + 2, { lineBreak: false })
    .fillColor('black');
  doc.x = left;
  doc.y = y + rowHeight + 4;
}

type Cell = string | { text: string; type: 'TH'; scope: 'Row' | 'Column'; font?: { src: string } };

/** A table in the PDF as a real, tagged table: a header row, each row's first cell its header. */
function pdfTable(
  doc: PDFKit.PDFDocument,
  parent: PDFKit.PDFStructureElement,
  columns: string[],
  rows: (string | number)[][],
  widths?: (number | '*')[],
): void {
  const head: Cell[] = columns.map((text) => ({
    text,
    type: 'TH',
    scope: 'Column',
    font: { src: 'Helvetica-Bold' },
  }));
  const body: Cell[][] = rows.map((row) =>
    row.map((v, i) => {
      const text = v === '' ? 'No data' : typeof v === 'number' ? v.toLocaleString('en-GB') : v;
      return i === 0 ? { text, type: 'TH', scope: 'Row', font: { src: 'Helvetica-Bold' } } : text;
    }),
  );
  doc.font('Helvetica').fontSize(9);
  doc.table({
    structParent: parent,
    data: [head, ...body],
    ...(widths ? { columnStyles: widths.map((width) => ({ width })) } : {}),
    defaultStyle: { border: 0.5, borderColor: '#b1b4b6', padding: 3 },
  } as PDFKit.Mixins.TableOptionsWithData);
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

/**
 * The report as a PDF: the headline figures with their comparisons and definitions, then each table
 * with its chart above it (the same chart as the page's). The PDF is tagged (headings, paragraphs and
 * real tables with header cells, in reading order; the charts are marked as decoration, their tables
 * holding the same figures), so a screen reader can read it.
 */
export async function reportPdf(r: AnnualReport, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    compress: options.compress ?? true,
    size: 'A4',
    margin: 50,
    info: { Title: `Maths Hubs Programme annual report ${r.yearCode}`, Author: 'Maths Hubs Platform' },
    lang: 'en-GB',
    displayTitle: true,
    tagged: true,
    pdfVersion: '1.7',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const root = doc.struct('Document');
  doc.addStructure(root);
  const write = (structType: 'H1' | 'H2' | 'P', text: string, font: string, size: number) =>
    doc.font(font).fontSize(size).text(text, { structParent: root, structType });

  write('H1', `Maths Hubs Programme annual report ${r.yearCode}`, 'Helvetica-Bold', 20);
  if (r.hub) write('P', r.hub.name, 'Helvetica-Bold', 14);
  doc.moveDown();
  write(
    'P',
    `Figures computed from the platform's records, compared with ${r.previousYearCode}.`,
    'Helvetica',
    10,
  );
  doc.moveDown();
  write('H2', 'Every figure and its definition', 'Helvetica-Bold', 14);
  doc.moveDown(0.5);
  pdfTable(
    doc,
    root,
    ['Figure', r.yearCode, `Compared with ${r.previousYearCode}`, 'Definition'],
    r.figures.map((f) => [
      f.label,
      `${f.value.toLocaleString('en-GB')}${f.percent !== null ? ` (${f.percent}%)` : ''}`,
      f.change ?? `No data for ${r.previousYearCode}`,
      f.definition,
    ]),
    [130, 60, 80, '*'],
  );
  for (const table of r.tables) {
    doc.addPage();
    write('H2', table.caption, 'Helvetica-Bold', 14);
    doc.markContent('Artifact', { type: 'Layout' });
    drawBarChart(doc, chartDataOf(table));
    doc.endMarkedContent();
    doc.moveDown(0.5);
    pdfTable(doc, root, table.columns, table.rows);
    write('P', table.definition, 'Helvetica', 9);
  }
  doc.addPage();
  write(
    'H2',
    `Active LLMEs and Mastery Specialists by hub (ambition: ${r.ambition} active LLMEs per hub)`,
    'Helvetica-Bold',
    14,
  );
  doc.moveDown(0.5);
  pdfTable(
    doc,
    root,
    ['Maths Hub', 'Active LLMEs', 'Mastery Specialists', `Ambition of ${r.ambition} active LLMEs`],
    r.specialistsByHub.map((h) => [
      h.hubName,
      h.llmes,
      h.masterySpecialists,
      h.meetsAmbition ? 'Met' : `${(r.ambition - h.llmes).toLocaleString('en-GB')} short`,
    ]),
  );
  root.end();
  doc.end();
  return done;
}
