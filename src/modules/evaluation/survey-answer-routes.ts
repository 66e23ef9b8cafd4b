import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personActor } from '../../platform/audit.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam, tokenParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import {
  type InvitationView,
  isClosed,
  listMySurveys,
  loadInvitation,
  submitSurveyAnswers,
} from './survey-answer.ts';
import { agreementWords, answerField, surveyKindNames } from './survey-rules.ts';

const view = (name: string) => `modules/evaluation/views/${name}.njk`;
const tokenParams = z.object({ surveyToken: tokenParam });
const invitationParams = z.object({ invitationId: idParam });

/** Someone signed in as another person, with another person's link: a clear page, nothing changes. */
const someoneElses = (reply: FastifyReply) =>
  reply.code(403).render(view('survey-someone-else'), { pageTitle: 'This survey link is for someone else' });

const isTheirs = (request: FastifyRequest, inv: InvitationView) =>
  !request.principal || request.principal.personId === inv.personId;

/**
 * Answering a survey: by the person's own link (`/surveys/answer/:surveyToken`, no sign-in needed; the
 * link is the key) or, signed in, from "Your surveys". One answer set per invitation, editable until
 * the window closes, then shown read-only.
 */
export function registerSurveyAnswerRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const s = paths.evaluation.surveys;

  const page = (reply: FastifyReply, inv: InvitationView, action: string) => {
    const today = todayInEngland();
    return reply.render(view('survey-answer'), {
      pageTitle: inv.title,
      inv,
      kindName: surveyKindNames[inv.kind],
      closed: isClosed(inv, today),
      notOpen: inv.opensOn !== null && inv.opensOn > today,
      action,
      agreementItems: agreementWords.map((text, i) => ({ value: String(i + 1), text })),
      questions: inv.questions.map((q, i) => ({ ...q, number: i + 1, field: answerField(q.id) })),
    });
  };

  const save = async (request: FastifyRequest, reply: FastifyReply, inv: InvitationView, formUrl: string) =>
    handleForm(
      reply,
      {
        formUrl,
        body: request.body,
        conflictField: 'answers',
        lists: inv.questions.filter((q) => q.type === 'multiple_choice').map((q) => answerField(q.id)),
      },
      async (input) => {
        const { first } = await submitSurveyAnswers(db, personActor(inv.personId), {
          invitationId: inv.id,
          body: input,
          today: todayInEngland(),
        });
        reply.flash({
          kind: 'success',
          text: first ? 'Thank you: your answers have been saved' : 'Your changed answers have been saved',
        });
        return reply.code(303).redirect(formUrl);
      },
    );

  typed.get(s.mine, { config: { access: 'signed-in' } }, async (request, reply) => {
    const surveys = await listMySurveys(db, requirePrincipal(request).personId);
    const today = todayInEngland();
    return reply.render(view('survey-mine'), {
      pageTitle: 'Your surveys',
      surveys: surveys.map((x) => ({ ...x, kindName: surveyKindNames[x.kind], closed: isClosed(x, today) })),
    });
  });

  typed.get(
    s.answer(),
    { config: { access: 'public' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const inv = await loadInvitation(db, { token: request.params.surveyToken });
      if (!isTheirs(request, inv)) return someoneElses(reply);
      return page(reply, inv, s.answer(request.params.surveyToken));
    },
  );

  typed.post(
    s.answer(),
    { config: { access: 'public' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const inv = await loadInvitation(db, { token: request.params.surveyToken });
      if (!isTheirs(request, inv)) return someoneElses(reply);
      return save(request, reply, inv, s.answer(request.params.surveyToken));
    },
  );

  typed.get(
    s.invitation(),
    { config: { access: 'signed-in' }, schema: { params: invitationParams } },
    async (request, reply) => {
      const inv = await loadInvitation(db, { invitationId: request.params.invitationId });
      if (!isTheirs(request, inv)) return someoneElses(reply);
      return page(reply, inv, s.invitation(inv.id));
    },
  );

  typed.post(
    s.invitation(),
    { config: { access: 'signed-in' }, schema: { params: invitationParams } },
    async (request, reply) => {
      const inv = await loadInvitation(db, { invitationId: request.params.invitationId });
      if (!isTheirs(request, inv)) return someoneElses(reply);
      return save(request, reply, inv, s.invitation(inv.id));
    },
  );
}
