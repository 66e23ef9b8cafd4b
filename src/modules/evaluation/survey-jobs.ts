import type { Services } from '../../platform/services.ts';

/** The scheduled work of survey (pg-boss): filled in by the work on issue 15. */
export async function startSurveyJobs(_services: Services): Promise<void> {}
