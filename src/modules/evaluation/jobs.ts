import type { Services } from '../../platform/services.ts';
import { startHappiJobs } from './happi-jobs.ts';
import { startSurveyJobs } from './survey-jobs.ts';

/** Evaluation's scheduled work (reminders of HAPPI deadlines, issuing surveys and their reminders). */
export async function startEvaluationWorkers(services: Services): Promise<void> {
  await startHappiJobs(services);
  await startSurveyJobs(services);
}
