import { it } from 'vitest';
import { createTestApp } from '../../../test/support/test-app.ts';
import { silentProgress } from '../../platform/progress.ts';
import { loadDemoData } from './load-demo.ts';

it('times a load', async () => {
  const t = await createTestApp();
  const started = performance.now();
  await loadDemoData(t.services, silentProgress, { today: process.env.NA_TODAY });
  console.log('LOAD_MS', process.env.NA_TODAY, Math.round(performance.now() - started));
  await t.close();
}, 300_000);
