import PDFDocument from 'pdfkit';
import { type Column, formatRows } from '../../platform/cli-output.ts';
import { type Sheet, workbook } from '../../platform/exports.ts';
import type { AnnualReport, ReportFigure, ReportTable } from './annual-report.ts';

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
  { header: 'Previous year', value: (f) => f.previous },
  { header: 'Compared with the previous year', value: (f) => f.change },
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
  { header: 'Active Mastery Specialists', value: (h) => h.masterySpecialists },
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
  };
}

export async function reportWorkbook(r: AnnualReport): Promise<Buffer> {
  return workbook([
    { name: 'Figures', columns: figureColumns, rows: r.figures },
    ...r.tables.map(tableSheet),
    { name: 'Mastery Specialists by hub', columns: specialistColumns, rows: r.specialistsByHub },
  ]);
}

/** The report as a PDF: the headline figures with their comparisons and definitions, then each table. */
export function reportPdf(r: AnnualReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Maths Hubs Programme annual report ${r.yearCode}`, Author: 'Maths Hubs Platform' },
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(20).text(`Maths Hubs Programme annual report ${r.yearCode}`);
  if (r.hub) doc.fontSize(14).text(r.hub.name);
  doc
    .moveDown()
    .font('Helvetica')
    .fontSize(10)
    .text(`Figures computed from the platform's records, compared with ${r.previousYearCode}.`);
  for (const f of r.figures) {
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12);
    doc.text(`${f.value.toLocaleString('en-GB')}${f.percent !== null ? ` (${f.percent}%)` : ''}  ${f.label}`);
    doc.font('Helvetica').fontSize(9);
    if (f.change) doc.text(f.change.replace('▲', 'up').replace('▼', 'down'));
    doc.fillColor('#505a5f').text(f.definition).fillColor('black');
  }
  for (const table of r.tables) {
    doc.addPage().font('Helvetica-Bold').fontSize(14).text(table.caption);
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(10).text(table.columns.join('  |  '));
    doc.font('Helvetica');
    for (const row of table.rows)
      doc.text(row.map((v) => (typeof v === 'number' ? v.toLocaleString('en-GB') : v)).join('  |  '));
    doc.moveDown(0.5).fontSize(9).fillColor('#505a5f').text(table.definition).fillColor('black');
  }
  doc
    .addPage()
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(`Active Mastery Specialists by hub (ambition: ${r.ambition} per hub)`);
  doc.font('Helvetica').fontSize(10);
  for (const h of r.specialistsByHub)
    doc.text(
      `${h.hubName}: ${h.masterySpecialists} Mastery Specialists, ${h.llmes} LLMEs${h.meetsAmbition ? ' (meets the ambition)' : ''}`,
    );
  doc.end();
  return done;
}
