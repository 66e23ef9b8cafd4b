import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { collectPersonalData, type PersonalData } from './collect-personal-data.ts';

/**
 * A person's data produced by staff at the person's request (subject access), as a page or a file:
 * collected and logged (by id only, with the format) in one transaction. The route has checked that
 * the person is within the staff member's scope.
 */
export async function producePersonalData(
  db: Database,
  actor: Actor,
  input: { personId: number; format: 'page' | 'json' },
): Promise<PersonalData> {
  return db.transaction(async (tx) => {
    const data = await collectPersonalData(tx, input.personId);
    await recordEvent(tx, actor, {
      action: 'person.data_produced',
      subjectType: 'person',
      subjectId: input.personId,
      changes: { format: input.format },
    });
    return data;
  });
}
