import { describe, expect, it } from 'vitest';
import { contentDisposition, fileTypeOf, sizeText } from './file-types.ts';

describe('file types told by content', () => {
  const pdf = Buffer.from('%PDF-1.7\n...');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]);

  it('knows a PDF, an image and an Office file by their first bytes, whatever their name', () => {
    expect(fileTypeOf('notes.txt', pdf)).toMatchObject({ contentType: 'application/pdf', inline: true });
    expect(fileTypeOf('photo', png)).toMatchObject({ contentType: 'image/png', inline: true });
    expect(fileTypeOf('plan.docx', zip)?.name).toBe('Word document');
    expect(fileTypeOf('plan.docx', zip)?.inline).toBe(false);
  });

  it('refuses markup, SVG, scripts and a zip that is not an Office file', () => {
    expect(fileTypeOf('report.pdf', Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(fileTypeOf('chart.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(fileTypeOf('page.html', Buffer.from('<html></html>'))).toBeNull();
    expect(fileTypeOf('archive.zip', zip)).toBeNull();
    expect(fileTypeOf('data.csv', Buffer.from([0x61, 0x00, 0x62]))).toBeNull();
  });

  it('takes text and CSV only as text, served for download', () => {
    expect(fileTypeOf('visits.csv', Buffer.from('school,visits\nAcorn,3\n'))).toMatchObject({
      contentType: 'text/csv; charset=utf-8',
      inline: false,
    });
  });

  it('gives a safe download name, inline only when the type allows it', () => {
    expect(contentDisposition('a"b/c\\d\r\n.pdf', { inline: true })).toBe(
      `inline; filename="a_b_c_d__.pdf"; filename*=UTF-8''a_b_c_d__.pdf`,
    );
    expect(contentDisposition('Résumé.docx', { inline: false })).toMatch(
      /^attachment; filename="Re_sume_.docx"; filename\*=UTF-8''R%C3%A9sum%C3%A9.docx$/,
    );
    expect(sizeText(340 * 1024)).toBe('340 KB');
    expect(sizeText(2.45 * 1024 * 1024)).toBe('2.5 MB');
  });
});
