import { formatDate } from '../../platform/dates.ts';
import type { HappiFormView } from './happi-forms.ts';
import { lensNames, methodNames, stateName, stateOf } from './happi-rules.ts';
import { happiLenses } from './happi-schema.ts';

const entryWords: Record<string, string> = {
  submitted: 'Submitted',
  returned: 'Returned with comments',
  accepted: 'Accepted',
};

/** A HAPPI form as a tagged PDF (headings and paragraphs in reading order), as its page reads. */
export async function happiPdf(v: HappiFormView, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const { activity, hub, ncp } = v.loaded;
  const title = `HAPPI form: ${activity.title}`;
  const doc = new PDFDocument({
    compress: options.compress ?? true,
    size: 'A4',
    margin: 50,
    info: { Title: title, Author: 'Maths Hubs Platform' },
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
  const write = (structType: 'H1' | 'H2' | 'H3' | 'P', text: string, font = 'Helvetica', size = 10) =>
    doc.font(font).fontSize(size).text(text, { structParent: root, structType });

  write('H1', title, 'Helvetica-Bold', 18);
  write('P', `${hub.name}, ${ncp.code} ${ncp.title}, ${activity.yearCode}`);
  write('P', `State: ${stateName(stateOf(v.form))}`);
  write('P', `Plan due ${formatDate(v.deadlines.plan)}; impact due ${formatDate(v.deadlines.impact)}`);
  doc.moveDown();
  write('H2', 'Plan: intended outcomes', 'Helvetica-Bold', 14);
  for (const lens of happiLenses) {
    write('H3', lensNames[lens], 'Helvetica-Bold', 11);
    const outcomes = v.outcomes.filter((o) => o.lens === lens);
    if (!outcomes.length) write('P', 'None written.');
    for (const o of outcomes) {
      write('P', `• ${o.text}`);
      if (o.evidence) write('P', `Evidence of impact: ${o.evidence}`, 'Helvetica-Oblique', 9);
      for (const link of o.links) write('P', `Evidence: ${link}`, 'Helvetica', 9);
    }
  }
  doc.moveDown();
  write('H2', 'Local data collection', 'Helvetica-Bold', 14);
  const methods = v.form?.methods ?? [];
  write('P', methods.length ? methods.map((m) => methodNames[m]).join(', ') : 'None chosen.');
  if (v.form?.methodsNotes) write('P', v.form.methodsNotes);
  doc.moveDown();
  write('H2', 'Progress', 'Helvetica-Bold', 14);
  if (!v.progress.length) write('P', 'No progress update yet.');
  for (const p of v.progress)
    write('P', `${formatDate(p.writtenOn)} (${p.byName ?? 'someone'}): ${p.text ?? ''}`);
  doc.moveDown();
  write('H2', 'History', 'Helvetica-Bold', 14);
  if (!v.history.length) write('P', 'Not yet submitted.');
  for (const h of v.history)
    write(
      'P',
      `${formatDate(h.writtenOn)}: ${entryWords[h.kind] ?? h.kind} (${h.section}) by ${h.byName ?? 'someone'}${h.text ? `: ${h.text}` : ''}`,
    );
  doc.end();
  return done;
}
