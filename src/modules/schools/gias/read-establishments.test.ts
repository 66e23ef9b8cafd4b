import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  type GiasRecord,
  giasCsv,
  giasHeader,
  syntheticEstablishment,
} from '../../../../test/fixtures/gias/synthetic-extract.ts';
import { ImportRejectedError } from '../../../platform/errors.ts';
import { decodeGiasText } from './decode-gias-text.ts';
import { readEstablishments } from './read-establishments.ts';

const fixture = (name: string) =>
  decodeGiasText(readFileSync(new URL(`../../../../test/fixtures/gias/${name}`, import.meta.url)));

const problemsOf = (text: string) => {
  try {
    readEstablishments(text);
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
};

const oakPrimary: GiasRecord = {
  ...syntheticEstablishment(123456),
  'TypeOfEstablishment (code)': '01',
  'TypeOfEstablishment (name)': 'Community school',
  'EstablishmentTypeGroup (name)': 'Local authority maintained schools',
  'EstablishmentStatus (name)': 'Open',
  'PhaseOfEducation (name)': 'Primary',
  StatutoryLowAge: '4',
  StatutoryHighAge: '11',
  'LA (code)': '383',
  EstablishmentName: 'Oak Primary School',
  OpenDate: '01-09-1995',
  CloseDate: '',
  'DistrictAdministrative (code)': 'E08000035',
  'DistrictAdministrative (name)': 'Leeds',
  'GOR (name)': 'Yorkshire and the Humber',
  'Trusts (name)': '',
  PercentageFSM: '21.5',
  NumberOfPupils: '210',
};

describe('reading establishments', () => {
  it.each(['full2021', 'full202407', 'full202504'] as const)(
    'maps the %s layout by column name',
    (layout) => {
      const header = giasHeader(layout);
      const { rows, columns, warnings } = readEstablishments(giasCsv(header, [oakPrimary]));
      expect(columns.size).toBe(header.length);
      expect(warnings).toEqual([]);
      expect(rows).toEqual([
        expect.objectContaining({
          urn: 123456,
          laCode: '383',
          name: 'Oak Primary School',
          typeCode: '01',
          typeName: 'Community school',
          typeGroupName: 'Local authority maintained schools',
          statusName: 'Open',
          isOpen: true,
          openDate: '1995-09-01',
          closeDate: null,
          phaseOfEducation: 'Primary',
          phase: 'primary',
          isStateFunded: true,
          statutoryLowAge: 4,
          statutoryHighAge: 11,
          numberOfPupils: 210,
          percentageFsm: '21.5',
          trustName: null,
          districtCode: 'E08000035',
          districtName: 'Leeds',
          regionName: 'Yorkshire and the Humber',
        }),
      ]);
    },
  );

  it('reads the 2021 full extract as published', () => {
    const { rows } = readEstablishments(fixture('edubasealldata_sample_2rows_2021_fixture.csv'));
    expect(rows.map((r) => [r.urn, r.phase, r.isStateFunded, r.isOpen, r.typeCode, r.districtCode])).toEqual([
      [100000, 'primary', true, true, '02', 'E09000001'],
      [100001, 'all_through', false, true, '11', 'E09000001'],
    ]);
    expect(rows[0]).toMatchObject({
      percentageFsm: '10.2',
      numberOfPupils: 276,
      lastChangedDate: '2021-02-04',
      hasSixthForm: false,
    });
    expect(rows[1]).toMatchObject({
      openDate: '1920-01-01',
      hasSixthForm: true,
      typeGroupName: 'Independent schools',
    });
  });

  it('reads the state-funded extract, which names types but not their groups or codes', () => {
    const { rows, columns, warnings } = readEstablishments(fixture('edubaseallstatefunded_sample_rows.csv'));
    expect(rows).toHaveLength(35);
    expect(columns.size).toBe(33);
    expect(warnings).toEqual([]);
    expect(rows.every((r) => r.isStateFunded)).toBe(true);
    const byUrn = new Map(rows.map((r) => [r.urn, r]));
    expect(byUrn.get(138950)).toMatchObject({
      name: 'St Thomas à Becket Catholic Secondary School, A Voluntary Academy',
      typeCode: '34',
      typeGroupName: 'Academies',
      phase: 'secondary',
      openDate: '2012-11-01',
      districtCode: null,
    });
    expect(byUrn.get(100005)).toMatchObject({
      phase: 'nursery',
      typeGroupName: 'Local authority maintained schools',
    });
    expect(byUrn.get(100006)).toMatchObject({ phase: 'special', typeName: 'Pupil referral unit' });
    expect(byUrn.get(138966)).toMatchObject({ phase: 'post_16', hasSixthForm: true });
    expect(rows.filter((r) => r.phase === 'primary')).toHaveLength(26);
  });

  it('rejects a file without a required column, naming each missing column', () => {
    const header = giasHeader('full202407').filter(
      (c) => c !== 'LA (code)' && c !== 'EstablishmentStatus (name)',
    );
    expect(problemsOf(giasCsv(header, [oakPrimary]))).toEqual([
      { line: 1, message: 'the column ‘LA (code)’ is missing' },
      { line: 1, message: 'the column ‘EstablishmentStatus (name)’ is missing' },
    ]);
  });

  it('says when the file is the links file', () => {
    const problems = problemsOf(
      '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\r\n1,2,"A","Successor",""\r\n',
    );
    expect(problems.at(-1)).toEqual({
      line: 1,
      message: 'this looks like the GIAS links file: import it as links instead',
    });
  });

  it('lists every bad row with its line and reason', () => {
    const header = giasHeader('full202504');
    const good = giasCsv(header, [oakPrimary]).split('\r\n');
    const row = (overrides: GiasRecord) =>
      giasCsv(header, [{ ...oakPrimary, ...overrides }]).split('\r\n')[1]!;
    const lines = [
      good[0]!,
      row({ URN: '12345X' }),
      row({ URN: '200002', OpenDate: '31-02-2020', 'EstablishmentStatus (name)': 'Shut' }),
      row({ URN: '200003' }).replace(/,[^,]*$/, ''),
      row({ URN: '200004' }),
      row({ URN: '200004', 'LA (code)': '38' }),
      row({ URN: '200006', EstablishmentName: 'Unclosed "quote' }).replace(
        '"Unclosed ""quote"',
        '"Unclosed quote',
      ),
      row({ URN: '200007' }),
      row({ URN: '200008' }).replace(/""$/, '"'),
    ];
    expect(problemsOf(`${lines.join('\r\n')}\r\n`)).toEqual([
      { line: 2, message: 'URN ‘12345X’ is not a URN (a whole number)' },
      {
        line: 3,
        message:
          'EstablishmentStatus (name) ‘Shut’ is not a GIAS status (Open; Closed; Open, but proposed to close; Proposed to open)',
      },
      { line: 3, message: 'OpenDate ‘31-02-2020’ is not a date in the form DD-MM-YYYY' },
      {
        line: 4,
        message: `has ${header.length - 1} fields but the header has ${header.length}: check for a missing or extra comma or quote`,
      },
      { line: 6, message: 'URN 200004 is also on line 5: each establishment must appear once' },
      { line: 6, message: 'LA (code) ‘38’ is not a three-digit local authority code' },
      {
        line: 7,
        message: expect.stringMatching(/^field 5 is not quoted properly \(‘0’ follows its closing quote\)/),
      },
      { line: 9, message: 'a quoted field starting on this line is never closed (a closing " is missing)' },
    ]);
  });

  it('rejects a file with a header and nothing else', () => {
    expect(problemsOf(`${giasCsv(giasHeader('full202407'), [])}`)).toEqual([
      { line: 2, message: 'the file has a header but no establishments' },
    ]);
  });

  it('warns about a type it does not know in a file without type groups', () => {
    const header = [
      'URN',
      'LA (code)',
      'EstablishmentName',
      'TypeOfEstablishment (name)',
      'EstablishmentStatus (name)',
      'PhaseOfEducation (name)',
    ];
    const { rows, warnings } = readEstablishments(
      iconv.decode(
        iconv.encode(
          giasCsv(header, [{ ...oakPrimary, 'TypeOfEstablishment (name)': 'Academy hybrid' }]),
          'win1252',
        ),
        'win1252',
      ),
    );
    expect(rows[0]).toMatchObject({
      typeGroupName: null,
      typeCode: null,
      isStateFunded: true,
      phase: 'primary',
    });
    expect(warnings).toEqual([expect.stringContaining('‘Academy hybrid’ is not one we know')]);
  });
});
