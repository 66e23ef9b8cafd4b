import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.ts';
import { readVisitForm, visitFormValues } from './visit-form.ts';

const base = {
  'visitedOn-day': '6',
  'visitedOn-month': '11',
  'visitedOn-year': '2023',
  schoolUrn: '900001',
  visitorIds: ['12', '13'],
  yearGroups: ['Year 4', 'Reception'],
  classesSeen: '',
  focus: 'Fluency',
  notes: '',
};
const problems = (body: Record<string, unknown>) => {
  try {
    readVisitForm(body);
  } catch (e) {
    if (e instanceof ValidationError) return e.errors;
    throw e;
  }
  return [];
};

describe('reading the record-a-visit form', () => {
  it('reads a visit, year groups in the vocabulary’s order, blank action rows ignored', () => {
    const values = readVisitForm({
      ...base,
      action1What: 'Share the plan',
      action1Owner: 'other',
      action1OwnerText: 'Subject leader',
      'action1Due-day': '1',
      'action1Due-month': '12',
      'action1Due-year': '2023',
      action2What: '',
      action3What: 'Model a lesson',
      action3Owner: '13',
      'action3Due-day': '8',
      'action3Due-month': '1',
      'action3Due-year': '2024',
      action3Done: 'done',
    });
    expect(values).toMatchObject({
      visitedOn: '2023-11-06',
      schoolUrn: 900001,
      visitorIds: [12, 13],
      yearGroups: ['Reception', 'Year 4'],
      classesSeen: null,
      notes: null,
      removedActionIds: [],
    });
    expect(values.actions).toEqual([
      {
        id: null,
        row: 1,
        description: 'Share the plan',
        ownerPersonId: null,
        ownerText: 'Subject leader',
        dueOn: '2023-12-01',
        status: 'open',
      },
      {
        id: null,
        row: 3,
        description: 'Model a lesson',
        ownerPersonId: 13,
        ownerText: null,
        dueOn: '2024-01-08',
        status: 'done',
      },
    ]);
  });

  it('says everything wrong at once', () => {
    expect(
      problems({
        'visitedOn-day': '31',
        'visitedOn-month': '2',
        'visitedOn-year': '2024',
        yearGroups: ['Year 14'],
        focus: '',
        action1Owner: '12',
        action2What: 'Something',
      }).map((p) => p.field),
    ).toEqual([
      'visitedOn',
      'schoolUrn',
      'visitorIds',
      'yearGroups',
      'focus',
      'action1What',
      'action2Owner',
      'action2Due',
    ]);
    expect(problems({ ...base, focus: 'x'.repeat(501) })).toEqual([
      { field: 'focus', message: 'The focus must be 500 characters or fewer' },
    ]);
  });

  it('removes an existing action whose text was cleared, and fills the edit form back', () => {
    expect(
      readVisitForm({ ...base, action1Id: '7', action1What: '', action1Owner: '12' }).removedActionIds,
    ).toEqual([7]);
    const values = visitFormValues({
      visitedOn: '2023-11-06',
      schoolUrn: 900001,
      visitorIds: [12],
      yearGroups: ['Year 4'],
      classesSeen: null,
      focus: 'Fluency',
      notes: null,
      actions: [
        {
          id: 7,
          description: 'Plan',
          ownerPersonId: null,
          ownerText: 'Head',
          dueOn: '2023-12-01',
          status: 'done',
        },
      ],
    });
    expect(values).toMatchObject({
      'visitedOn-day': '6',
      'visitedOn-month': '11',
      visitorIds: ['12'],
      action1Id: '7',
      action1Owner: 'other',
      'action1Due-day': '1',
      action1Done: 'done',
    });
    expect(readVisitForm(values as Record<string, unknown>).actions[0]).toMatchObject({
      id: 7,
      status: 'done',
    });
  });
});
