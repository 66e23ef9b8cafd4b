import type { Services } from '../../platform/services.ts';

/** The scheduled work of happi (pg-boss): filled in by the work on issue 15. */
export async function startHappiJobs(_services: Services): Promise<void> {}
