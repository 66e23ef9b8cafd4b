import { todayInEngland } from '../../platform/dates.ts';
import type { Services } from '../../platform/services.ts';
import { issueDueSurveys } from './survey-issue.ts';
import { remindDueSurveys } from './survey-reminders.ts';

/** The pg-boss queue that issues the surveys due and sends the reminders due, every morning in England. */
export const surveyQueue = 'evaluation-surveys';
export const SURVEY_CRON = '0 7 * * *';

/** The day's survey work, as a plain function (the job runs it; tests call it directly). */
export async function runDailySurveyWork(services: Services, today = todayInEngland()) {
  const deps = { mailer: services.mailer, publicUrl: services.config.PUBLIC_URL };
  const issued = await issueDueSurveys(services.db, { today }, deps);
  const reminded = await remindDueSurveys(services.db, { today }, deps);
  return { issued: issued.invitations, reminded: reminded.reminded };
}

/** The scheduled work of surveys (pg-boss): issuing and reminding, once a day at 7am in England. */
export async function startSurveyJobs(services: Services): Promise<void> {
  const boss = await services.queue.start();
  await boss.createQueue(surveyQueue, { retryLimit: 3, retryDelay: 600 });
  await boss.work(surveyQueue, { pollingIntervalSeconds: 30 }, async () => {
    await runDailySurveyWork(services);
  });
  await boss.schedule(surveyQueue, SURVEY_CRON, {}, { tz: 'Europe/London' });
}
