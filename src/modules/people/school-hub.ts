import type { Executor } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { getSchool } from '../schools/get-school.ts';

/** The hub that serves a school (null if none), for a school contact's role. */
export async function hubOfSchool(db: Executor, urn: number): Promise<number | null> {
  try {
    return (await getSchool(db, urn)).hub?.id ?? null;
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ValidationError([{ field: 'schoolUrn', message: `There is no school with URN ${urn}` }]);
    }
    throw error;
  }
}
