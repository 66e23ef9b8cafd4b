import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import type { WithServices } from '../../platform/cli-output.ts';
import { registerSurveyResultCommands } from './survey-results-commands.ts';
import { surveyTemplates } from './survey-schema.ts';
import { seedTemplates } from './survey-seed.ts';

/** `mathshubs surveys seed`: the shipped templates, once. */
describe('the surveys seed command', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('loads the shipped templates, and a second run adds none', async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const withServices: WithServices = (work) => work(t.services);
      for (let run = 0; run < 2; run++) {
        const program = new Command('mathshubs').exitOverride();
        registerSurveyResultCommands(program, withServices);
        await program.parseAsync(['node', 'mathshubs', 'surveys', 'seed']);
      }
    } finally {
      write.mockRestore();
    }
    const count = seedTemplates().length;
    expect(written).toEqual([`${count} survey templates added\n`, '0 survey templates added\n']);
    expect(await t.db.select().from(surveyTemplates)).toHaveLength(count);
  });
});
