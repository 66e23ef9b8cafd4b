import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { formatDate } from '../../platform/dates.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { dateFromParts } from '../activities/forms.ts';
import { listActivityVisits } from '../evaluation/visit-reads.ts';
import { addPlanItem, handOver, movePhase } from './partnerships.ts';
import { canHandOver, canOpenPartnerships, canSeePartnership, canWorkOnPartnership } from './policy.ts';
import { getPartnership, handoverChoices, planItemsOf } from './reads.ts';
import { MAX_TEXT, nextPhase, phaseNames, planItemKindNames, planItemKinds, planPhases } from './rules.ts';

const view = (name: string) => `modules/targeted-support/views/${name}.njk`;
const params = z.object({ partnershipId: idParam });
const text = (label: string) =>
  z.string().trim().max(MAX_TEXT, `Enter ${label} in 2,000 characters or fewer`).optional().default('');

const planItemForm = z.object({
  kind: z.enum(planItemKinds, { error: 'Choose a priority, an action or evidence' }),
  description: z
    .string({ error: 'Enter the item' })
    .trim()
    .min(1, 'Enter the item')
    .max(MAX_TEXT, 'Enter the item in 2,000 characters or fewer'),
  owner: text('the owner'),
});
const phaseForm = z.object({ from: z.enum(planPhases).catch('explore') });
const handoverForm = z.object({
  activityId: z.coerce
    .number({ error: 'Choose the Work Group' })
    .int()
    .positive('Choose the Work Group')
    .max(2_147_483_647),
  transitionNotes: z
    .string({ error: 'Enter the transition notes' })
    .trim()
    .min(1, 'Enter the transition notes for the Work Group’s lead')
    .max(MAX_TEXT, 'Enter the notes in 2,000 characters or fewer'),
  justification: text('the reason'),
});

type Partnership = Awaited<ReturnType<typeof getPartnership>>;

/**
 * A partnership the person may see (its hub's staff, its own ISP) and, when given, may also do `may`
 * with (work on it, hand it over); any other is "not found".
 */
async function partnershipFor(
  db: Services['db'],
  principal: Principal,
  partnershipId: number,
  may: (principal: Principal, partnership: Partnership) => boolean = canSeePartnership,
) {
  const partnership = await getPartnership(db, partnershipId);
  if (!canSeePartnership(principal, partnership) || !may(principal, partnership))
    throw new NotFoundError('There is no such partnership');
  return partnership;
}

/**
 * A partnership's page (its plan in four phases, its visits, its handover), adding to the plan and
 * moving it on (its ISP, the hub's leadership and national administrators), and handing the school over
 * into a Work Group (the hub's leadership and national administrators).
 */
export function registerPartnershipRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: canOpenPartnerships };

  typed.get(
    paths.targetedSupport.partnership(),
    { config: access, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const p = await partnershipFor(db, principal, request.params.partnershipId);
      const [items, visits] = await Promise.all([
        planItemsOf(db, p.id),
        listActivityVisits(db, { activityId: p.activityId }),
      ]);
      const mayWork = canWorkOnPartnership(principal, p) && p.phase !== 'moved_on';
      const next = nextPhase(p.phase);
      return reply.render(view('partnership'), {
        pageTitle: `Targeted Support: ${p.schoolName}`,
        p: {
          ...p,
          phaseName: phaseNames[p.phase],
          startedOnText: formatDate(p.startedOn),
          movedOnText: formatDate(p.movedOnOn),
          handoverHref: p.handoverActivityId ? paths.activity.show(p.handoverActivityId) : null,
        },
        phases: planPhases.map((phase) => ({
          phase,
          name: phaseNames[phase],
          current: phase === p.phase,
          items: items
            .filter((i) => i.phase === phase)
            .map((i) => ({ ...i, kindName: planItemKindNames[i.kind], dueOnText: formatDate(i.dueOn) })),
        })),
        visits: visits.map((v) => ({
          ...v,
          visitedOnText: formatDate(v.visitedOn),
          href: paths.evaluation.visits.show(p.activityId, v.id),
        })),
        visitsHref: paths.evaluation.visits.list(p.activityId),
        recordVisitHref: mayWork ? paths.evaluation.visits.record(p.activityId) : null,
        mayWork,
        nextPhaseName: next ? phaseNames[next] : null,
        handoverHref:
          p.phase === 'sustain' && canHandOver(principal, p) ? paths.targetedSupport.handover(p.id) : null,
        kindItems: planItemKinds.map((k) => ({ value: k, text: planItemKindNames[k] })),
      });
    },
  );

  typed.post(
    paths.targetedSupport.planItems(),
    { config: access, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const p = await partnershipFor(db, principal, request.params.partnershipId, canWorkOnPartnership);
      const formUrl = `${paths.targetedSupport.partnership(p.id)}#plan-form`;
      return handleForm(reply, { formUrl, body: request.body, schema: planItemForm }, async (input) => {
        const body = request.body as Record<string, unknown>;
        const blank = ['day', 'month', 'year'].every((x) => !String(body[`dueOn-${x}`] ?? '').trim());
        const due = blank ? null : dateFromParts(body, 'dueOn', 'date it is due');
        if (due && 'problem' in due) throw new ValidationError([{ field: 'dueOn', message: due.problem }]);
        await addPlanItem(db, actorOf(principal), {
          partnershipId: p.id,
          kind: input.kind,
          description: input.description,
          owner: input.owner || null,
          dueOn: due ? due.value : null,
        });
        return reply
          .flash({ kind: 'success', text: `${planItemKindNames[input.kind]} added to the plan` })
          .code(303)
          .redirect(`${paths.targetedSupport.partnership(p.id)}#plan`);
      });
    },
  );

  typed.post(
    paths.targetedSupport.phase(),
    { config: access, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const p = await partnershipFor(db, principal, request.params.partnershipId, canWorkOnPartnership);
      const formUrl = paths.targetedSupport.partnership(p.id);
      return handleForm(reply, { formUrl, body: request.body, schema: phaseForm }, async (input) => {
        const { phase } = await movePhase(db, actorOf(principal), { partnershipId: p.id, from: input.from });
        return reply
          .flash({ kind: 'success', text: `The partnership has moved on to its ${phaseNames[phase]} phase` })
          .code(303)
          .redirect(formUrl);
      });
    },
  );

  typed.get(
    paths.targetedSupport.handover(),
    { config: access, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const p = await partnershipFor(db, principal, request.params.partnershipId, canHandOver);
      const groups = await handoverChoices(db, { hubId: p.hubId, yearCode: p.yearCode });
      return reply.render(view('handover'), {
        pageTitle: `Hand ${p.schoolName} over into a Work Group`,
        p: { ...p, phaseName: phaseNames[p.phase] },
        groupItems: [
          { value: '', text: 'Choose a Work Group' },
          ...groups.map((g) => ({ value: String(g.id), text: `${g.title} (${g.ncpTitle})` })),
        ],
        hasGroups: groups.length > 0,
        action: paths.targetedSupport.handover(p.id),
      });
    },
  );

  typed.post(
    paths.targetedSupport.handover(),
    { config: access, schema: { params } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const p = await partnershipFor(db, principal, request.params.partnershipId, canHandOver);
      const formUrl = paths.targetedSupport.handover(p.id);
      return handleForm(reply, { formUrl, body: request.body, schema: handoverForm }, async (input) => {
        const { schoolName } = await handOver(db, actorOf(principal), {
          partnershipId: p.id,
          activityId: input.activityId,
          transitionNotes: input.transitionNotes,
          justification: input.justification || null,
          by: principal,
        });
        return reply
          .flash({
            kind: 'success',
            text: `${schoolName} has moved on into the Work Group: its lead can read your transition notes on the school’s journey`,
          })
          .code(303)
          .redirect(paths.targetedSupport.partnership(p.id));
      });
    },
  );
}
