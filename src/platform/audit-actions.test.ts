import { describe, expect, it } from 'vitest';
import {
  type AuditAction,
  actionChoices,
  actionDefinition,
  auditActions,
  personRef,
  type RecordRef,
  type SentencePart,
} from './audit-actions.ts';

/** A sentence with its references named as the page would (`[kind id]`, or the fallback). */
const read = (parts: SentencePart[], names: Record<string, string> = {}) =>
  parts.map((p) => (typeof p === 'string' ? p : (names[`${p.kind}:${p.id}`] ?? p.fallback))).join('');

const sentence = (
  action: AuditAction,
  subjectId: string,
  changes: object,
  names: Record<string, string> = {},
) =>
  read(
    auditActions[action].sentence({
      actor: personRef(1),
      subjectId,
      hubId: 4,
      changes: changes as never,
    }),
    { 'person:1': 'Sam Patel', ...names },
  );

describe('the event log vocabulary', () => {
  const actions = Object.keys(auditActions) as AuditAction[];

  it('names every action subject.verb, with a subject type, a label and a sentence', () => {
    expect(actions.length).toBeGreaterThan(70);
    for (const action of actions) {
      expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
      const definition = auditActions[action];
      expect(definition.subjectType).toMatch(/^[a-z_]+$/);
      expect(definition.label).toMatch(/^[A-Z][a-z ]+: \S/);
    }
  });

  it('gives every action a sentence, even for a row that recorded nothing (old rows)', () => {
    for (const action of actions) {
      const parts = auditActions[action].sentence({
        actor: 'The platform',
        subjectId: '12',
        hubId: null,
        changes: {},
      });
      const text = read(parts);
      expect(text.length, action).toBeGreaterThan(10);
      expect(text, action).not.toMatch(/undefined|null|NaN|\[object/);
    }
  });

  it('refers to records by id, never by name', () => {
    const parts = auditActions['activity.school_withdrawn'].sentence({
      actor: personRef(1),
      subjectId: '3',
      hubId: 4,
      changes: { schoolUrn: 100001 },
    });
    const refs = parts.filter((p): p is RecordRef => typeof p !== 'string');
    expect(refs.map((r) => [r.kind, r.id])).toEqual([
      ['person', 1],
      ['school', 100001],
      ['activity', '3'],
    ]);
  });

  it('reads right for representative rows', () => {
    const names = {
      'school:100001': 'Acorndale Primary School',
      'activity:3': 'Developing Mastery WG 3',
      'person:2': 'Jo Teacher',
      'event:9': 'Spring Conference',
      'hub:4': 'Alpha Maths Hub',
    };
    expect(sentence('activity.school_withdrawn', '3', { schoolUrn: 100001 }, names)).toBe(
      'Sam Patel withdrew Acorndale Primary School from Developing Mastery WG 3',
    );
    expect(sentence('enrolment.registered', '55', { activityId: 3, personId: 2 }, names)).toBe(
      'Sam Patel registered Jo Teacher for Developing Mastery WG 3',
    );
    expect(sentence('event.place_cancelled', '9', { personId: 2 }, names)).toBe(
      'Sam Patel cancelled the place of Jo Teacher at Spring Conference',
    );
    expect(sentence('role.granted', '2', { role: 'llme', hubId: 4, schoolUrn: null }, names)).toBe(
      'Sam Patel made Jo Teacher LLME in Alpha Maths Hub',
    );
    expect(sentence('funding.claim_submitted', '8', { amountPence: 123456 })).toBe(
      'Sam Patel submitted a claim for £1234.56',
    );
    expect(sentence('person.merged', '2', { keptPersonId: 2, mergedPersonId: 7 }, names)).toBe(
      'Sam Patel merged a person into Jo Teacher',
    );
  });

  it('reads an action outside the vocabulary as its name rather than failing', () => {
    const parts = actionDefinition('thing.done').sentence({
      actor: 'The platform',
      subjectId: '1',
      hubId: null,
      changes: {},
    });
    expect(read(parts)).toBe('The platform made a change recorded as “thing.done”');
  });

  it('offers every action in the filter, labelled and in order', () => {
    const choices = actionChoices();
    expect(choices).toHaveLength(actions.length);
    expect(choices.map((c) => c.text)).toEqual(
      [...choices.map((c) => c.text)].sort((a, b) => a.localeCompare(b)),
    );
  });
});
