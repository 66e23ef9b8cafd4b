import { and, desc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { StaleEditError, updateAtVersion } from '../../platform/edit-versions.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { activityById, type LoadedActivity } from '../activities/load-activity.ts';
import { people } from '../people/schema.ts';
import { type HappiFileRow, happiFilesOf } from './happi-files.ts';
import {
  happiDeadlines,
  MAX_NOTES_LENGTH,
  mergeOutcomes,
  readImpactForm,
  readPlanForm,
  suggestedOutcomes,
} from './happi-rules.ts';
import { happiEntries, happiForms } from './happi-schema.ts';

/** The HAPPI form of one activity and its use cases: reading, the plan, the evidence, progress updates. */

export type HappiFormRow = typeof happiForms.$inferSelect;

export interface HappiEntryRow {
  id: number;
  kind: 'progress' | 'submitted' | 'returned' | 'accepted';
  section: 'plan' | 'impact';
  writtenOn: string;
  text: string | null;
  createdAt: Date;
  byName: string | null;
}

export interface HappiFormView {
  loaded: LoadedActivity;
  form: HappiFormRow | null;
  /** The outcomes shown: the form's, or for a form not yet saved the NCP's as suggestions. */
  outcomes: HappiFormRow['outcomes'];
  progress: HappiEntryRow[];
  history: HappiEntryRow[];
  deadlines: { plan: string; impact: string };
  /** Files given as evidence of impact, against their outcomes. */
  files: HappiFileRow[];
}

/** The form of an activity (null until first saved). */
export async function happiFormOf(db: Executor, activityId: number): Promise<HappiFormRow | null> {
  const [row] = await db.select().from(happiForms).where(eq(happiForms.activityId, activityId));
  return row ?? null;
}

/** Everything the form's pages show, for an activity the route has authorised. */
export async function happiFormView(db: Executor, loaded: LoadedActivity): Promise<HappiFormView> {
  const form = await happiFormOf(db, loaded.activity.id);
  const entries: HappiEntryRow[] = form
    ? await db
        .select({
          id: happiEntries.id,
          kind: happiEntries.kind,
          section: happiEntries.section,
          writtenOn: happiEntries.writtenOn,
          text: happiEntries.text,
          createdAt: happiEntries.createdAt,
          byName: sql<string | null>`${people.givenName} || ' ' || ${people.familyName}`,
        })
        .from(happiEntries)
        .leftJoin(people, eq(people.id, happiEntries.personId))
        .where(eq(happiEntries.formId, form.id))
        .orderBy(desc(happiEntries.createdAt), desc(happiEntries.id))
    : [];
  return {
    loaded,
    form,
    outcomes: form ? form.outcomes : suggestedOutcomes(loaded.ncp.sections.outcomes),
    progress: entries.filter((e) => e.kind === 'progress'),
    history: entries.filter((e) => e.kind !== 'progress'),
    deadlines: happiDeadlines(loaded.activity.yearCode),
    files: form ? await happiFilesOf(db, form.id) : [],
  };
}

/** Editing is for the activity's leads, while the section under way is a draft or returned. */
function assertLeadMayEdit(actor: Actor, loaded: LoadedActivity, form: HappiFormRow | null) {
  if (actor.personId === null || !loaded.leadPersonIds.includes(actor.personId))
    throw new ForbiddenError('Only the activity’s leads write its HAPPI form');
  if (form && form.status === 'submitted')
    throw new ConflictError('The form has been submitted: it can be changed again if the hub returns it');
  if (form && form.status === 'accepted')
    throw new ConflictError('The form has been accepted: it can no longer be changed');
}

async function lockedForm(tx: Executor, activityId: number) {
  const [row] = await tx.select().from(happiForms).where(eq(happiForms.activityId, activityId)).for('update');
  return row ?? null;
}

export interface SaveInput {
  activityId: number;
  /** The version the form was made from (0: a form not yet saved). */
  version: number;
  body: Record<string, unknown>;
}

/**
 * Saves the plan: the intended outcomes under the two lenses and the local data collection methods.
 * The first save makes the form (version 0); a save from an older version is refused (`StaleEditError`).
 */
export async function saveHappiPlan(
  db: Executor,
  actor: Actor,
  input: SaveInput,
): Promise<{ version: number }> {
  const { plan, problems } = readPlanForm(input.body);
  if (problems.length) throw new ValidationError(problems);
  return db.transaction(async (tx) => {
    const loaded = await activityById(tx, input.activityId);
    const form = await lockedForm(tx, input.activityId);
    assertLeadMayEdit(actor, loaded, form);
    if (form?.section === 'impact')
      throw new ConflictError('The plan has been accepted: write the evidence of impact now');
    const outcomes = mergeOutcomes(form?.outcomes ?? [], plan.outcomes);
    let version: number;
    if (!form) {
      if (input.version !== 0) throw new StaleEditError(input.version, null);
      const [made] = await tx
        .insert(happiForms)
        .values({
          activityId: input.activityId,
          hubId: loaded.activity.hubId,
          yearCode: loaded.activity.yearCode,
          outcomes,
          methods: plan.methods,
          methodsNotes: plan.methodsNotes,
        })
        .onConflictDoNothing()
        .returning({ version: happiForms.version });
      if (!made) throw new StaleEditError(0, null);
      version = made.version;
    } else {
      version = await updateAtVersion(tx, happiForms, form.id, input.version, {
        outcomes,
        methods: plan.methods,
        methodsNotes: plan.methodsNotes,
        updatedAt: sql`now()`,
      });
    }
    await recordEvent(tx, actor, {
      action: 'happi.plan_saved',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: loaded.activity.hubId,
      changes: { outcomes: outcomes.length, methods: plan.methods, created: !form },
    });
    return { version };
  });
}

/** Saves the evidence of impact against each intended outcome (once the plan has been accepted). */
export async function saveHappiImpact(
  db: Executor,
  actor: Actor,
  input: SaveInput,
): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const loaded = await activityById(tx, input.activityId);
    const form = await lockedForm(tx, input.activityId);
    assertLeadMayEdit(actor, loaded, form);
    if (form?.section !== 'impact')
      throw new ConflictError('The evidence of impact is written once the hub has accepted the plan');
    const { outcomes, problems } = readImpactForm(input.body, form.outcomes);
    if (problems.length) throw new ValidationError(problems);
    const version = await updateAtVersion(tx, happiForms, form.id, input.version, {
      outcomes,
      updatedAt: sql`now()`,
    });
    await recordEvent(tx, actor, {
      action: 'happi.impact_saved',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: loaded.activity.hubId,
      changes: {
        withEvidence: outcomes.filter((o) => o.evidence).length,
        links: outcomes.reduce((n, o) => n + o.links.length, 0),
      },
    });
    return { version };
  });
}

/** Adds a dated progress update (today), while the form is not finished. */
export async function addHappiProgress(
  db: Executor,
  actor: Actor,
  input: { activityId: number; text: string },
): Promise<{ entryId: number }> {
  const text = input.text.trim();
  if (!text) throw new ValidationError([{ field: 'progress', message: 'Enter the progress update' }]);
  if (text.length > MAX_NOTES_LENGTH)
    throw new ValidationError([
      { field: 'progress', message: `A progress update must be ${MAX_NOTES_LENGTH} characters or fewer` },
    ]);
  return db.transaction(async (tx) => {
    const loaded = await activityById(tx, input.activityId);
    const form = await lockedForm(tx, input.activityId);
    if (actor.personId === null || !loaded.leadPersonIds.includes(actor.personId))
      throw new ForbiddenError('Only the activity’s leads write its HAPPI form');
    if (!form) throw new ConflictError('Save the plan first: progress updates follow it');
    if (form.section === 'impact' && form.status === 'accepted')
      throw new ConflictError('The form has been accepted: it can no longer be changed');
    const writtenOn = todayInEngland();
    const [entry] = await tx
      .insert(happiEntries)
      .values({
        formId: form.id,
        kind: 'progress',
        section: form.section,
        writtenOn,
        text,
        personId: actor.personId,
      })
      .returning({ id: happiEntries.id });
    await tx
      .update(happiForms)
      .set({ updatedAt: sql`now()`, version: form.version })
      .where(and(eq(happiForms.id, form.id)));
    await recordEvent(tx, actor, {
      action: 'happi.progress_added',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: loaded.activity.hubId,
      changes: { entryId: entry!.id, writtenOn },
    });
    return { entryId: entry!.id };
  });
}
