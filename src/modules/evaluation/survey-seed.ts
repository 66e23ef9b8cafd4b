import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/database.ts';
import { projectRoot } from '../../platform/views.ts';
import { questionTypes, surveyKinds, surveyQuestions, surveyTemplates } from './survey-schema.ts';

/** The seed templates the product ships (reference/surveys/templates.json), checked on reading. */
const questionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/),
    type: z.enum(questionTypes),
    text: z.string().min(1),
    hint: z.string().optional(),
    options: z.array(z.string().min(1)).default([]),
    required: z.boolean().default(true),
  })
  .refine((q) => (q.type === 'single_choice' || q.type === 'multiple_choice') === q.options.length > 0, {
    message: 'a choice question needs options, and only a choice question has them',
  });

const templateSchema = z.object({
  ncpKey: z.string().regex(/^\d\d[a-z]?$/),
  kind: z.enum(surveyKinds),
  title: z.string().min(1),
  introduction: z.string().optional(),
  anonymousFreeText: z.boolean(),
  questions: z.array(questionSchema).min(1),
});

export const seedFileSchema = z.object({ source: z.string(), templates: z.array(templateSchema).min(1) });
export type SeedTemplate = z.infer<typeof templateSchema>;

export const seedTemplatesFile = path.join(projectRoot, 'reference', 'surveys', 'templates.json');

/** The shipped seed templates, read and validated. */
export function seedTemplates(): SeedTemplate[] {
  return seedFileSchema.parse(JSON.parse(readFileSync(seedTemplatesFile, 'utf8'))).templates;
}

/** The NCPs (by key, `ncpKeyOf`) the shipped templates are for. */
export const seededNcpKeys = () => [...new Set(seedTemplates().map((t) => t.ncpKey))];

/**
 * Loads the shipped templates as published version 1 of each NCP and kind. Idempotent: an NCP and kind
 * that has any version already (seeded before, or made by the national team) is left as it is.
 * Returns how many templates it added.
 */
export async function loadSurveyTemplates(db: Executor, templates = seedTemplates()): Promise<number> {
  let added = 0;
  for (const t of templates) {
    const made = await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: surveyTemplates.id })
        .from(surveyTemplates)
        .where(and(eq(surveyTemplates.ncpKey, t.ncpKey), eq(surveyTemplates.kind, t.kind)))
        .limit(1);
      if (existing) return false;
      const [row] = await tx
        .insert(surveyTemplates)
        .values({
          ncpKey: t.ncpKey,
          kind: t.kind,
          version: 1,
          title: t.title,
          introduction: t.introduction ?? null,
          anonymousFreeText: t.anonymousFreeText,
          publishedAt: new Date(),
        })
        .onConflictDoNothing()
        .returning({ id: surveyTemplates.id });
      if (!row) return false;
      await tx.insert(surveyQuestions).values(
        t.questions.map((q, i) => ({
          templateId: row.id,
          position: i + 1,
          key: q.key,
          type: q.type,
          text: q.text,
          hint: q.hint ?? null,
          options: q.options,
          required: q.required,
        })),
      );
      return true;
    });
    if (made) added++;
  }
  return added;
}
