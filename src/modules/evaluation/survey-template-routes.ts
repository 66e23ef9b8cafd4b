import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, actorOf } from '../../platform/audit.ts';
import { ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { canManageSurveys, canReadSurveyTemplates } from './survey-policy.ts';
import { agreementWords, isSurveyKind, questionTypeNames, surveyKindNames } from './survey-rules.ts';
import { ncpKeyOf, questionTypes, surveyKinds } from './survey-schema.ts';
import {
  ANSWERED_TEMPLATE,
  addQuestion,
  createTemplate,
  getTemplate,
  listTemplates,
  publishTemplate,
  removeQuestion,
  saveAsNewVersion,
  updateTemplateDetails,
} from './survey-templates.ts';

const templateParams = z.object({ templateId: idParam });
const view = (name: string) => `modules/evaluation/views/${name}.njk`;
const kindItems = surveyKinds.map((k) => ({ value: k, text: surveyKindNames[k] }));

/** Survey templates (national administrators change them; analysts read them): list, make, edit, publish, version. */
export function registerSurveyTemplateRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const s = paths.evaluation.surveys;

  typed.get(s.templates, { config: { access: canReadSurveyTemplates } }, async (request, reply) => {
    const templates = await listTemplates(db);
    return reply.render(view('survey-templates'), {
      pageTitle: 'Survey templates',
      canManage: canManageSurveys(request.principal),
      templates: templates.map((t) => ({ ...t, kindName: surveyKindNames[t.kind] })),
    });
  });

  typed.get(s.newTemplate, { config: { access: canManageSurveys } }, async (_request, reply) =>
    reply.render(view('survey-template-new'), { pageTitle: 'New survey template', kindItems }),
  );

  typed.post(s.newTemplate, { config: { access: canManageSurveys } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return handleForm(
      reply,
      { formUrl: s.newTemplate, body: request.body, conflictField: 'ncpCode' },
      async (input) => {
        if (!isSurveyKind(input.kind))
          throw new ValidationError([{ field: 'kind', message: 'Select the kind of survey' }]);
        const code = typeof input.ncpCode === 'string' ? input.ncpCode.toUpperCase().replace(/\s+/g, '') : '';
        const { id } = await createTemplate(db, actorOf(principal), {
          ncpKey: ncpKeyOf(code).toLowerCase(),
          kind: input.kind,
          title: input.title,
          introduction: input.introduction,
          anonymousFreeText: input.anonymousFreeText,
        });
        reply.flash({
          kind: 'success',
          text: 'The template has been made: add its questions, then publish it',
        });
        return reply.code(303).redirect(s.template(id));
      },
    );
  });

  typed.get(
    s.template(),
    { config: { access: canReadSurveyTemplates }, schema: { params: templateParams } },
    async (request, reply) => {
      const d = await getTemplate(db, request.params.templateId);
      return reply.render(view('survey-template'), {
        pageTitle: `${d.template.title} (version ${d.template.version})`,
        ...d,
        kindName: surveyKindNames[d.template.kind],
        canEdit: canManageSurveys(request.principal) && !d.answered,
        canManage: canManageSurveys(request.principal),
        answeredText: ANSWERED_TEMPLATE,
        typeItems: questionTypes.map((t) => ({ value: t, text: questionTypeNames[t] })),
        typeNames: questionTypeNames,
        agreementWords,
      });
    },
  );

  /** A change to a version, posted from its page and back to it with a message (or the error). */
  const change = (
    route: string,
    run: (id: number, input: Record<string, unknown>, actor: Actor) => Promise<string>,
  ) =>
    typed.post(
      route,
      { config: { access: canManageSurveys }, schema: { params: templateParams } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const id = request.params.templateId;
        const formUrl = s.template(id);
        return handleForm(reply, { formUrl, body: request.body }, async (input) => {
          const done = await run(id, input, actorOf(principal));
          reply.flash({ kind: 'success', text: done });
          return reply.code(303).redirect(formUrl);
        });
      },
    );

  change(s.template(), async (templateId, input, actor) => {
    await updateTemplateDetails(db, actor, {
      templateId,
      title: input.title,
      introduction: input.introduction,
      anonymousFreeText: input.anonymousFreeText,
    });
    return 'The template’s details have been saved';
  });
  change(s.templateQuestions(), async (templateId, input, actor) => {
    await addQuestion(db, actor, {
      templateId,
      key: input.key,
      type: input.type,
      text: input.text,
      hint: input.hint,
      options: input.options,
      required: input.required,
    });
    return 'The question has been added';
  });
  change(s.removeQuestion(), async (templateId, input, actor) => {
    const questionId = Number(input.questionId);
    await removeQuestion(db, actor, {
      templateId,
      questionId: Number.isSafeInteger(questionId) ? questionId : 0,
    });
    return 'The question has been removed';
  });
  change(s.publishTemplate(), async (templateId, _input, actor) => {
    await publishTemplate(db, actor, { templateId });
    return 'The template has been published: new invitations will use this version';
  });

  typed.post(
    s.newVersion(),
    { config: { access: canManageSurveys }, schema: { params: templateParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const id = request.params.templateId;
      return handleForm(reply, { formUrl: s.template(id), body: request.body }, async () => {
        const made = await saveAsNewVersion(db, actorOf(principal), { templateId: id });
        reply.flash({
          kind: 'success',
          text: 'A new version has been made with the same questions: change it, then publish it',
        });
        return reply.code(303).redirect(s.template(made.id));
      });
    },
  );
}
