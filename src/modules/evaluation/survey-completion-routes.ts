import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubScopeOf } from '../../platform/hub-scope.ts';
import { idParam, parseAcademicYear } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { activityFor } from '../activities/load-activity.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { activitySurveyCompletion, surveyCompletion } from './survey-completion.ts';
import { canOpenActivitySurveys, canRemindSurveys, canViewSurveyCompletion } from './survey-policy.ts';
import { sendSurveyReminder } from './survey-reminders.ts';
import { surveyKindNames } from './survey-rules.ts';

const view = (name: string) => `modules/evaluation/views/${name}.njk`;
const yearQuery = z.object({ year: z.string().optional().catch(undefined) });
const activityParams = z.object({ activityId: idParam });
const slug = (code: string) => code.replace('/', '-');
const named = <T extends { kind: keyof typeof surveyKindNames }>(rows: T[]) =>
  rows.map((r) => ({ ...r, kindName: surveyKindNames[r.kind] }));

/**
 * Completion towards the handbook's 100%: a year's, per activity, hub and NCP (the national team: every
 * hub; hub leadership: theirs), and one activity's, with the people to chase and "Send a reminder".
 */
export function registerSurveyCompletionRoutes(app: FastifyInstance, { db, mailer, config }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const s = paths.evaluation.surveys;

  typed.get(
    s.completion,
    { config: { access: canViewSurveyCompletion }, schema: { querystring: yearQuery } },
    async (request, reply) => {
      const yearCode = (request.query.year && parseAcademicYear(request.query.year)) || currentAcademicYear();
      const [summary, years] = await Promise.all([
        surveyCompletion(db, { yearCode, scope: hubScopeOf(request.principal) }),
        yearOptions(db),
      ]);
      const all = years.includes(yearCode) ? years : [...years, yearCode].sort().reverse();
      return reply.render(view('survey-completion'), {
        pageTitle: `Survey completion ${yearCode}`,
        yearCode,
        yearSlug: slug(yearCode),
        years: all.map((y) => ({ value: slug(y), text: y })),
        total: named(summary.total),
        ncps: named(summary.ncps),
        hubs: named(summary.hubs),
        activities: named(summary.activities),
      });
    },
  );

  typed.get(
    s.activity(),
    { config: { access: canOpenActivitySurveys }, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { activity } = await activityFor(db, principal, request.params.activityId, 'view');
      const d = await activitySurveyCompletion(db, { activityId: activity.id });
      const today = todayInEngland();
      return reply.render(view('survey-activity'), {
        pageTitle: `Surveys: ${activity.title}`,
        activity,
        kinds: named(d.kinds),
        toChase: named(d.toChase).map((c) => {
          const closed = c.closesOn !== null && c.closesOn < today;
          return {
            ...c,
            closed,
            canRemind: !closed && (!c.remindedAt || todayInEngland(new Date(c.remindedAt)) !== today),
          };
        }),
        canRemind: canRemindSurveys(principal),
      });
    },
  );

  typed.post(
    s.remind(),
    { config: { access: canRemindSurveys }, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const formUrl = s.activity(request.params.activityId);
      return handleForm(reply, { formUrl, body: request.body, conflictField: 'to-chase' }, async (input) => {
        const { activity } = await activityFor(db, principal, request.params.activityId, 'register');
        const invitationId = Number(input.invitationId);
        if (!Number.isSafeInteger(invitationId) || invitationId < 1)
          throw new ValidationError([{ field: 'to-chase', message: 'Choose whom to remind' }]);
        await sendSurveyReminder(
          db,
          actorOf(principal),
          { activityId: activity.id, invitationId, today: todayInEngland() },
          { mailer, publicUrl: config.PUBLIC_URL },
        );
        reply.flash({ kind: 'success', text: 'The reminder has been sent' });
        return reply.code(303).redirect(formUrl);
      });
    },
  );
}
