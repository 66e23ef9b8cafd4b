import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { type FieldError, ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { parseAcademicYear } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { dateFromParts } from '../activities/forms.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { issueNow } from './survey-issue.ts';
import { canManageSurveys, canReadSurveyTemplates } from './survey-policy.ts';
import { isSurveyKind, surveyKindNames } from './survey-rules.ts';
import { surveyKinds } from './survey-schema.ts';
import { listWindows, setWindow } from './survey-windows.ts';

const view = (name: string) => `modules/evaluation/views/${name}.njk`;
const yearQuery = z.object({ year: z.string().optional().catch(undefined) });
const slug = (code: string) => code.replace('/', '-');
/** The year asked for (`2023-24` or `2023/24`), else this one. */
const yearOf = (asked: unknown) =>
  (typeof asked === 'string' && parseAcademicYear(asked)) || currentAcademicYear();
const dateParts = (iso: string | undefined) => {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { day: String(Number(d)), month: String(Number(m)), year: y };
};

/** Each year's survey windows (set by national administrators) and "Issue now" (asks first). */
export function registerSurveyWindowRoutes(app: FastifyInstance, { db, mailer, config }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const s = paths.evaluation.surveys;

  typed.get(
    s.windows,
    { config: { access: canReadSurveyTemplates }, schema: { querystring: yearQuery } },
    async (request, reply) => {
      const yearCode = yearOf(request.query.year);
      const [windows, years] = await Promise.all([listWindows(db, yearCode), yearOptions(db)]);
      const all = years.includes(yearCode) ? years : [...years, yearCode].sort().reverse();
      return reply.render(view('survey-windows'), {
        pageTitle: `Survey windows ${yearCode}`,
        yearCode,
        yearSlug: slug(yearCode),
        years: all.map((y) => ({ value: slug(y), text: y })),
        canManage: canManageSurveys(request.principal),
        kinds: surveyKinds.map((kind) => {
          const w = windows.find((x) => x.kind === kind);
          return {
            kind,
            name: surveyKindNames[kind],
            window: w,
            opens: dateParts(w?.opensOn),
            closes: dateParts(w?.closesOn),
          };
        }),
      });
    },
  );

  typed.post(s.windows, { config: { access: canManageSurveys } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const yearCode = yearOf(body.year);
    const formUrl = `${s.windows}?year=${slug(yearCode)}`;
    return handleForm(reply, { formUrl, body }, async (input) => {
      const kind = input.kind;
      if (!isSurveyKind(kind))
        throw new ValidationError([{ field: 'form', message: 'Choose a kind of survey' }]);
      const opens = dateFromParts(input, `opensOn-${kind}`, 'opening date');
      const closes = dateFromParts(input, `closesOn-${kind}`, 'closing date');
      const problems: FieldError[] = [];
      if ('problem' in opens) problems.push({ field: `opensOn-${kind}`, message: opens.problem });
      if ('problem' in closes) problems.push({ field: `closesOn-${kind}`, message: closes.problem });
      if (problems.length) throw new ValidationError(problems);
      try {
        const { changed } = await setWindow(db, actorOf(principal), {
          yearCode,
          kind,
          opensOn: (opens as { value: string }).value,
          closesOn: (closes as { value: string }).value,
        });
        reply.flash(
          changed
            ? {
                kind: 'success',
                text: `The window of the ${surveyKindNames[kind].toLowerCase()} survey has been saved`,
              }
            : { kind: 'info', text: 'Nothing has changed' },
        );
      } catch (error) {
        // The use case names the dates; the page's fields are per kind.
        if (error instanceof ValidationError)
          throw new ValidationError(error.errors.map((e) => ({ ...e, field: `${e.field}-${kind}` })));
        throw error;
      }
      return reply.code(303).redirect(formUrl);
    });
  });

  typed.get(
    s.issue,
    { config: { access: canManageSurveys }, schema: { querystring: yearQuery } },
    async (request, reply) => {
      const yearCode = yearOf(request.query.year);
      const years = await yearOptions(db);
      return reply.render(view('survey-issue'), {
        pageTitle: 'Issue surveys now',
        years: years.map((y) => ({ value: slug(y), text: y })),
        yearSlug: slug(yearCode),
        kindItems: surveyKinds.map((k) => ({ value: k, text: surveyKindNames[k] })),
      });
    },
  );

  typed.post(s.issue, { config: { access: canManageSurveys } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return handleForm(reply, { formUrl: s.issue, body: request.body }, async (input) => {
      const yearCode = typeof input.year === 'string' ? parseAcademicYear(input.year) : null;
      const problems: FieldError[] = [];
      if (!yearCode) problems.push({ field: 'year', message: 'Choose the academic year' });
      if (!isSurveyKind(input.kind)) problems.push({ field: 'kind', message: 'Select the kind of survey' });
      if (problems.length || !yearCode || !isSurveyKind(input.kind)) throw new ValidationError(problems);
      const result = await issueNow(
        db,
        actorOf(principal),
        { yearCode, kind: input.kind, today: todayInEngland() },
        { mailer, publicUrl: config.PUBLIC_URL },
      );
      reply.flash(
        result.invitations
          ? {
              kind: 'success',
              text: `${result.invitations === 1 ? '1 invitation has' : `${result.invitations} invitations have`} been sent`,
            }
          : { kind: 'info', text: 'Everyone due this survey has already been invited' },
      );
      return reply.code(303).redirect(`${s.completion}?year=${slug(yearCode)}`);
    });
  });
}
