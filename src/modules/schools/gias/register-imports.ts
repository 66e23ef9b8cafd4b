import { desc, eq, getTableColumns } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../../platform/audit.ts';
import type { Executor, Tx } from '../../../platform/database.ts';
import { actorNameOf } from '../../people/list-events.ts';
import { people } from '../../people/schema.ts';
import { registerImports } from '../schema.ts';

export type RegisterImportKind = 'gias' | 'gias-links';

/** What an import of a GIAS file did. */
export interface RegisterImportResult {
  importId: number;
  kind: RegisterImportKind;
  fileName: string;
  rowCount: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Of those updated, the schools the file closed (open before, closed now). */
  closed: number;
  /** Open schools in the register that the file does not mention (left as they are). */
  openNotInFile: number;
  warnings: string[];
}

type Counts = Omit<RegisterImportResult, 'importId' | 'warnings'>;

/** Records an import in the history of imports and the event log, in the import's transaction. */
export async function recordRegisterImport(tx: Tx, actor: Actor, counts: Counts): Promise<number> {
  const [row] = await tx
    .insert(registerImports)
    .values({
      kind: counts.kind,
      fileName: counts.fileName,
      rowCount: counts.rowCount,
      added: counts.added,
      updated: counts.updated,
      unchanged: counts.unchanged,
      actorPersonId: actor.personId,
      actorLabel: actor.label,
    })
    .returning({ id: registerImports.id });
  await recordEvent(tx, actor, {
    action: 'register.imported',
    subjectType: 'register_import',
    subjectId: row!.id,
    changes: { ...counts },
  });
  return row!.id;
}

export type RegisterImport = typeof registerImports.$inferSelect & { actorName: string };

/** The imports of GIAS files, newest first, with who imported each as they are named now. */
export async function listRegisterImports(db: Executor, limit = 100): Promise<RegisterImport[]> {
  return db
    .select({
      ...getTableColumns(registerImports),
      actorName: actorNameOf(registerImports.actorPersonId, registerImports.actorLabel),
    })
    .from(registerImports)
    .leftJoin(people, eq(people.id, registerImports.actorPersonId))
    .orderBy(desc(registerImports.importedAt), desc(registerImports.id))
    .limit(limit);
}
