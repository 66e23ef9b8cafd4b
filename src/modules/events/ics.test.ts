import { describe, expect, it } from 'vitest';
import { calendar, escapeText, foldLine, londonLocal } from './ics.ts';

const event = {
  uid: 'event-7@mathshubs.example',
  title: 'Mastery, Readiness; and\\ "more"',
  description: 'Line one\nLine two, with a comma',
  location: 'Room 1; Central Library, Birmingham',
  url: 'https://mathshubs.example/events/7',
  startsAt: new Date('2024-01-08T09:30:00Z'),
  endsAt: new Date('2024-01-08T15:00:00Z'),
  sequence: 2,
  cancelled: false,
  updatedAt: new Date('2023-12-01T10:00:00Z'),
};

describe('iCalendar', () => {
  it('escapes backslashes, semicolons, commas and new lines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds lines at 75 octets without splitting a character', () => {
    const long = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(long);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('gives times in England: GMT in winter, BST in summer', () => {
    expect(londonLocal(new Date('2024-01-08T09:30:00Z'))).toBe('20240108T093000');
    expect(londonLocal(new Date('2024-06-10T09:30:00Z'))).toBe('20240610T103000');
  });

  it('writes a calendar with CRLF lines, the time zone, SEQUENCE and STATUS', () => {
    const text = calendar('My events', [event], new Date('2023-12-02T08:00:00Z'));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London');
    expect(text).toContain('DTSTART;TZID=Europe/London:20240108T093000');
    expect(text).toContain('DTEND;TZID=Europe/London:20240108T150000');
    expect(text).toContain('SEQUENCE:2');
    expect(text).toContain('STATUS:CONFIRMED');
    expect(text).toContain('SUMMARY:Mastery\\, Readiness\\; and\\\\ "more"');
    expect(text).toContain('DESCRIPTION:Line one\\nLine two\\, with a comma');
    expect(text).toContain('DTSTAMP:20231202T080000Z');
    const cancelled = calendar('x', [{ ...event, cancelled: true, sequence: 3 }]);
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(cancelled).toContain('SEQUENCE:3');
  });
});
