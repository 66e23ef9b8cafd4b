import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Ncp } from './list-ncps.ts';
import { changedFields } from './load-catalogue.ts';
import { parseNcpForm } from './ncp-form.ts';
import { ncps } from './schema.ts';

/** The NCP (by year and code), the version the edit was made from, and the edit form's fields. */
export type UpdateNcpInput = { year: string; code: string; version: number } & Record<string, unknown>;

/**
 * Changes an NCP of a year's catalogue (title, strand, phases, type, participation, sections A–K,
 * rules, the stage it completes and its next phase), recording the changed fields in the event log.
 * `version` is the one the edit was made from: if someone saved since, `StaleEditError` and no change.
 */
export async function updateNcp(
  db: Database,
  actor: Actor,
  input: UpdateNcpInput,
): Promise<{ ncp: Ncp; changed: string[] }> {
  const { year, code, version, ...fields } = input;
  const key = { year, code };
  const form = parseNcpForm(fields);
  if (!form.ok) throw new ValidationError(form.errors);
  const values = form.value;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(ncps)
      .where(and(eq(ncps.yearCode, key.year), eq(ncps.code, key.code)))
      .for('update');
    if (!before) throw new NotFoundError(`There is no ${key.code} in the ${key.year} catalogue`);
    if (values.nextNcpCode === before.code)
      throw new ValidationError([{ field: 'nextNcpCode', message: 'An NCP cannot be its own next phase' }]);
    const changes = changedFields(before as unknown as Record<string, unknown>, { ...values });
    if (!Object.keys(changes).length) return { ncp: before, changed: [] };
    assertVersion(version, before.version);
    await updateAtVersion(tx, ncps, before.id, version, {
      ...values,
      rules: values.rules as Record<string, unknown>,
      updatedAt: new Date(),
    });
    const [ncp] = await tx.select().from(ncps).where(eq(ncps.id, before.id));
    await recordEvent(tx, actor, {
      action: 'ncp.updated',
      subjectType: 'ncp',
      subjectId: before.id,
      changes: { year: key.year, code: key.code, ...changes },
    });
    return { ncp: ncp!, changed: Object.keys(changes) };
  });
}
