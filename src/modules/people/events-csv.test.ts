import { describe, expect, it } from 'vitest';
import { csvCell, eventCsvHeader, eventCsvLine } from './events-csv.ts';

describe('event log CSV', () => {
  it('quotes cells with commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('stops a spreadsheet running a cell as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example")')).toBe('"\'=HYPERLINK(""http://evil.example"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes one line per event with who, what, when and why', () => {
    expect(eventCsvHeader()).toBe(
      'occurred_at,actor,actor_person_id,action,subject_type,subject_id,hub,reason,changes,sentence\r\n',
    );
    const line = eventCsvLine(
      {
        id: 1,
        occurredAt: new Date('2024-01-08T09:30:00Z'),
        actorPersonId: 3,
        actorLabel: 'person:3',
        actorName: 'Demo Admin',
        action: 'role.granted',
        subjectType: 'person',
        subjectId: '12',
        hubId: 4,
        hubName: 'Test Maths Hub',
        reason: 'New LLME',
        changes: { role: 'llme' },
      },
      'Demo Admin made Sam Patel LLME: New LLME',
    );
    expect(line).toBe(
      '2024-01-08T09:30:00.000Z,Demo Admin,3,role.granted,person,12,Test Maths Hub,New LLME,"{""role"":""llme""}",Demo Admin made Sam Patel LLME: New LLME\r\n',
    );
  });
});
