import { and, eq, ne } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import { recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { hashPassword } from '../../platform/tokens.ts';
import { people } from '../people/schema.ts';
import { sessions } from './schema.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export interface SetPasswordInput {
  personId: number;
  password: string;
  /** The session to keep; the person's other sessions end, so a changed password locks others out. */
  keepSessionId: string | null;
}

/** Sets or changes a person's own password, and records it in the event log (never the password). */
export async function setPassword(db: Database, actor: Actor, input: SetPasswordInput): Promise<void> {
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationError([
      {
        field: 'password',
        message: `Password must be between ${MIN_PASSWORD_LENGTH} and ${MAX_PASSWORD_LENGTH} characters`,
      },
    ]);
  }
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ passwordHash: people.passwordHash })
      .from(people)
      .where(eq(people.id, input.personId))
      .for('update');
    if (!before) throw new NotFoundError('There is no such person');
    await tx.update(people).set({ passwordHash }).where(eq(people.id, input.personId));
    await tx
      .delete(sessions)
      .where(
        input.keepSessionId
          ? and(eq(sessions.personId, input.personId), ne(sessions.id, input.keepSessionId))
          : eq(sessions.personId, input.personId),
      );
    await recordEvent(tx, actor, {
      action: before.passwordHash ? 'person.password_changed' : 'person.password_set',
      subjectType: 'person',
      subjectId: input.personId,
      reason: 'Set by the person on their account page',
    });
  });
}
