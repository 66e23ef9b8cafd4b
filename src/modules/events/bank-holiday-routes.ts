import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { formatDate } from '../../platform/dates.ts';
import { ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { dateFromParts } from '../activities/forms.ts';
import { addBankHoliday, listBankHolidays } from './bank-holidays.ts';
import { bankHolidayForm } from './forms.ts';
import { canEditBankHolidays } from './policy.ts';

/** The bank holiday calendar that confirmation deadlines count working days by (the national team's). */
export function registerBankHolidayRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(paths.events.bankHolidays, { config: { access: canEditBankHolidays } }, async (_request, reply) =>
    reply.render('modules/events/views/bank-holidays.njk', {
      pageTitle: 'Bank holidays',
      holidays: await listBankHolidays(db),
    }),
  );

  typed.post(
    paths.events.bankHolidays,
    { config: { access: canEditBankHolidays } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      return handleForm(reply, { formUrl: paths.events.bankHolidays, body: request.body }, async (body) => {
        const day = dateFromParts(body, 'date', 'date');
        const problems = 'problem' in day ? [{ field: 'date', message: day.problem }] : [];
        const parsed = bankHolidayForm.safeParse(body);
        if (!parsed.success) problems.push({ field: 'title', message: parsed.error.issues[0]!.message });
        if (problems.length || 'problem' in day || !parsed.success) throw new ValidationError(problems);
        const added = await addBankHoliday(db, actorOf(principal), {
          date: day.value,
          title: parsed.data.title,
        });
        return reply
          .flash({
            kind: added ? 'success' : 'info',
            text: added
              ? `${formatDate(day.value)} is added`
              : `${formatDate(day.value)} was already a bank holiday`,
          })
          .code(303)
          .redirect(paths.events.bankHolidays);
      });
    },
  );
}
