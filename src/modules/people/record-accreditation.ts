import { and, asc, eq, isNull } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type AccreditationKind, accreditationKindNames, accreditations, people } from './schema.ts';

/**
 * Recording one accreditation of a person, from their page (the national team) or from a completed
 * development programme application (llme/applications.ts): as the import does, one kind and cohort per
 * person, so recording it again changes its date and evidence link (a blank keeps what was there).
 */
export interface OneAccreditation {
  personId: number;
  kind: AccreditationKind;
  cohort: string | null;
  awardedOn: string | null;
  /** A link (http or https) to the accreditation evidence document. */
  evidenceUrl: string | null;
}

export async function recordAccreditation(
  db: Executor,
  actor: Actor,
  input: OneAccreditation,
): Promise<{ accreditationId: number; outcome: 'added' | 'updated' | 'unchanged' }> {
  return db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.id, input.personId), isNull(people.erasedAt)))
      .for('no key update');
    if (!person) throw new NotFoundError('There is no such person');
    const [before] = await tx
      .select()
      .from(accreditations)
      .where(
        and(
          eq(accreditations.personId, input.personId),
          eq(accreditations.kind, input.kind),
          input.cohort === null ? isNull(accreditations.cohort) : eq(accreditations.cohort, input.cohort),
        ),
      );
    const awardedOn = input.awardedOn ?? before?.awardedOn ?? null;
    const evidenceUrl = input.evidenceUrl ?? before?.evidenceUrl ?? null;
    if (before && before.awardedOn === awardedOn && before.evidenceUrl === evidenceUrl)
      return { accreditationId: before.id, outcome: 'unchanged' as const };
    let accreditationId: number;
    if (before) {
      await tx.update(accreditations).set({ awardedOn, evidenceUrl }).where(eq(accreditations.id, before.id));
      accreditationId = before.id;
    } else {
      const [row] = await tx
        .insert(accreditations)
        .values({ personId: input.personId, kind: input.kind, cohort: input.cohort, awardedOn, evidenceUrl })
        .returning({ id: accreditations.id });
      accreditationId = row!.id;
    }
    await recordEvent(tx, actor, {
      action: 'person.accreditation_recorded',
      subjectType: 'person',
      subjectId: input.personId,
      changes: {
        kind: input.kind,
        cohort: input.cohort,
        awardedOn: before ? [before.awardedOn, awardedOn] : awardedOn,
        ...(evidenceUrl !== null ? { evidence: true } : {}),
      },
    });
    return { accreditationId, outcome: before ? ('updated' as const) : ('added' as const) };
  });
}

export interface AccreditationView {
  id: number;
  kind: AccreditationKind;
  name: string;
  cohort: string | null;
  awardedOn: string | null;
  evidenceUrl: string | null;
}

/** A person's accreditations, by kind then cohort. */
export async function listAccreditations(db: Executor, personId: number): Promise<AccreditationView[]> {
  const rows = await db
    .select()
    .from(accreditations)
    .where(eq(accreditations.personId, personId))
    .orderBy(asc(accreditations.kind), asc(accreditations.cohort), asc(accreditations.id));
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    name: accreditationKindNames[a.kind] ?? a.kind,
    cohort: a.cohort,
    awardedOn: a.awardedOn,
    evidenceUrl: a.evidenceUrl,
  }));
}
