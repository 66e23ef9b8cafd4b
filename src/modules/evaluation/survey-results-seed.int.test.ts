import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { surveyQuestions, surveyTemplates } from './survey-schema.ts';
import { loadSurveyTemplates, seedTemplates } from './survey-seed.ts';

/** The shipped seed templates (reference/surveys/templates.json) and their loader. */
describe('seed survey templates', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('ships early, summer and LLME templates for NCPs 09, 12 and 26, early and summer sharing their statements', () => {
    const templates = seedTemplates();
    for (const ncpKey of ['09', '12', '26']) {
      const kinds = templates.filter((x) => x.ncpKey === ncpKey).map((x) => x.kind);
      expect(kinds.sort()).toEqual(['llme_end_of_year', 'participant_early', 'participant_summer']);
      const statements = (kind: string) =>
        templates
          .find((x) => x.ncpKey === ncpKey && x.kind === kind)!
          .questions.filter((q) => q.type === 'agreement')
          .map((q) => q.key);
      expect(statements('participant_early').length).toBeGreaterThanOrEqual(4);
      expect(statements('participant_summer')).toEqual(statements('participant_early'));
    }
  });

  it('loads each as published version 1, once: a second run adds nothing', async () => {
    const expected = seedTemplates().length;
    expect(await loadSurveyTemplates(t.db)).toBe(expected);
    expect(await loadSurveyTemplates(t.db)).toBe(0);
    const rows = await t.db.select().from(surveyTemplates);
    expect(rows).toHaveLength(expected);
    expect(rows.every((r) => r.version === 1 && r.publishedAt !== null)).toBe(true);
    const early = rows.find((r) => r.ncpKey === '09' && r.kind === 'participant_early')!;
    expect(early.anonymousFreeText).toBe(true);
    const questions = await t.db
      .select()
      .from(surveyQuestions)
      .where(eq(surveyQuestions.templateId, early.id));
    expect(new Set(questions.map((q) => q.type))).toEqual(
      new Set(['agreement', 'single_choice', 'number', 'free_text']),
    );
  });
});
