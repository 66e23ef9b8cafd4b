import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { people } from '../people/schema.ts';
import { normaliseEmail } from './sign-in-codes.ts';

export type Person = typeof people.$inferSelect;

/** The person with this email address who may sign in (not disabled), if any. */
export async function findEnabledPersonByEmail(db: Executor, email: string): Promise<Person | null> {
  const [person] = await db
    .select()
    .from(people)
    .where(and(eq(sql`lower(${people.email})`, normaliseEmail(email)), isNull(people.disabledAt)));
  return person ?? null;
}

export async function findEnabledPersonById(db: Executor, id: number): Promise<Person | null> {
  const [person] = await db
    .select()
    .from(people)
    .where(and(eq(people.id, id), isNull(people.disabledAt)));
  return person ?? null;
}
