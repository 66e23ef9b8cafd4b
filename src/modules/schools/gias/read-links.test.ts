import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportRejectedError } from '../../../platform/errors.ts';
import { decodeGiasText } from './decode-gias-text.ts';
import { readLinks } from './read-links.ts';

const header = '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"';

describe('reading links', () => {
  it('reads the GIAS links file as published', () => {
    const text = decodeGiasText(
      readFileSync(
        new URL('../../../../test/fixtures/gias/links_edubasealldata20250422_cut.csv', import.meta.url),
      ),
    );
    const links = readLinks(text);
    expect(links).toHaveLength(199);
    expect(links[0]).toEqual({
      urn: 100006,
      linkedUrn: 134643,
      linkName: 'CCfL Key Stage 3 PRU',
      linkType: 'Predecessor - merged',
      establishedOn: '2022-01-01',
    });
    expect(links[2]).toMatchObject({ urn: 100016, linkType: 'Successor', establishedOn: null });
  });

  it('lists every bad link with its line', () => {
    const text = [
      header,
      '1,2,"A","Successor","31-08-2021"',
      'x,3,"B","Successor",""',
      '4,5,"C","","01-13-2020"',
      '1,2,"A","Successor",""',
      '',
    ].join('\r\n');
    try {
      readLinks(text);
      expect.unreachable();
    } catch (error) {
      expect((error as ImportRejectedError).problems).toEqual([
        { line: 3, message: 'URN ‘x’ is not a URN (a whole number)' },
        { line: 4, message: 'LinkType is empty' },
        { line: 4, message: 'LinkEstablishedDate ‘01-13-2020’ is not a date in the form DD-MM-YYYY' },
        { line: 5, message: 'the link from 1 to 2 (Successor) is also on line 2' },
      ]);
    }
  });
});
