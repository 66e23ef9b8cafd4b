import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { formatDate } from '../../platform/dates.ts';
import { type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { canSeeHub, hubScopeOf } from '../../platform/hub-scope.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { canDecideReferral, canRefer, canSeeReferrals } from './policy.ts';
import { getReferral, ispChoices } from './reads.ts';
import { type Decision, decideReferral, referSchool } from './referrals.ts';
import { MAX_TEXT, referralSourceNames, referralSources, referralStatusNames } from './rules.ts';

const view = (name: string) => `modules/targeted-support/views/${name}.njk`;
const referralParams = z.object({ referralId: idParam });
const referQuery = z.object({
  school: idParam.optional().catch(undefined),
  from: z.enum(referralSources).optional().catch(undefined),
});
const text = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .max(max, `Enter ${label} in ${max.toLocaleString('en-GB')} characters or fewer`);

const referForm = z.object({
  urn: z.coerce
    .number({ error: 'Enter the school’s URN' })
    .int('Enter the school’s URN')
    .positive('Enter the school’s URN')
    .max(2_147_483_647, 'Enter the school’s URN'),
  barriers: text(MAX_TEXT, 'the barriers identified').min(1, 'Enter the barriers identified at the school'),
  source: z.enum(referralSources).catch('other'),
});

const decideForm = z.object({
  decision: z.enum(['enhanced', 'intensive', 'declined'], { error: 'Choose Enhanced, Intensive or decline' }),
  note: text(MAX_TEXT, 'the note').optional().default(''),
  ispPersonId: z.string().optional().default(''),
  ispCredentials: text(MAX_TEXT, 'the partner’s credentials').optional().default(''),
  schoolLeaders: text(MAX_TEXT, 'the school’s leaders').optional().default(''),
});

/** The decision as the use case takes it, or the fields missing for it. */
function decisionOf(input: z.infer<typeof decideForm>): Decision {
  const problems: FieldError[] = [];
  if (input.decision === 'declined') {
    if (!input.note) problems.push({ field: 'note', message: 'Enter the reason for declining the referral' });
    if (problems.length) throw new ValidationError(problems);
    return { decision: 'declined', note: input.note };
  }
  if (input.decision === 'enhanced') return { decision: 'enhanced', note: input.note || null };
  const isp = Number(input.ispPersonId);
  if (!Number.isInteger(isp) || isp <= 0)
    problems.push({ field: 'ispPersonId', message: 'Choose the Intensive Support Partner' });
  if (!input.ispCredentials)
    problems.push({ field: 'ispCredentials', message: 'Enter the partner’s credentials' });
  if (!input.schoolLeaders)
    problems.push({ field: 'schoolLeaders', message: 'Enter the school leaders the partner will work with' });
  if (problems.length) throw new ValidationError(problems);
  return {
    decision: 'intensive',
    ispPersonId: isp,
    ispCredentials: input.ispCredentials,
    schoolLeaders: input.schoolLeaders,
  };
}

/** A referral the person may see (their hub's, or any for national staff); another's is "not found". */
async function referralFor(db: Services['db'], principal: Principal, referralId: number) {
  const referral = await getReferral(db, referralId);
  if (!canSeeHub(principal, referral.hubId)) throw new NotFoundError('There is no such referral');
  return referral;
}

/**
 * Referring a school (from its journey page, the hub's cold spots, or here by URN) with the barriers
 * identified; a referral's page, where the hub's leadership (or national administrators) accept it as
 * Enhanced or Intensive (with the ISP, their credentials and the school's leaders) or decline it.
 */
export function registerReferralRoutes(app: FastifyInstance, { db, mailer }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.targetedSupport.refer,
    { config: { access: canRefer }, schema: { querystring: referQuery } },
    async (request, reply) => {
      const { school, from } = request.query;
      return reply.render(view('refer'), {
        pageTitle: 'Refer a school for Targeted Support',
        record: { urn: school ? String(school) : '', source: from ?? 'other' },
        sourceName: referralSourceNames[from ?? 'other'],
      });
    },
  );

  typed.post(paths.targetedSupport.refer, { config: { access: canRefer } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return handleForm(
      reply,
      { formUrl: paths.targetedSupport.refer, body: request.body, schema: referForm },
      async (input) => {
        const { referralId } = await referSchool(db, actorOf(principal), {
          ...input,
          scope: hubScopeOf(principal),
        });
        return reply
          .flash({ kind: 'success', text: 'The school has been referred for Targeted Support' })
          .code(303)
          .redirect(paths.targetedSupport.referral(referralId));
      },
    );
  });

  typed.get(
    paths.targetedSupport.referral(),
    // Everyone who sees the referrals' list may open one (the decision form only for those who may decide).
    { config: { access: canSeeReferrals }, schema: { params: referralParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const referral = await referralFor(db, principal, request.params.referralId);
      const mayDecide = referral.status === 'waiting' && canDecideReferral(principal, referral);
      const isps = mayDecide ? await ispChoices(db, referral.hubId) : [];
      return reply.render(view('referral'), {
        pageTitle: `Referral: ${referral.schoolName}`,
        referral: {
          ...referral,
          statusName: referralStatusNames[referral.status],
          sourceName: referralSourceNames[referral.source],
          referredOn: formatDate(referral.createdAt),
          decidedOn: formatDate(referral.decidedAt),
          partnershipHref: referral.partnershipId
            ? paths.targetedSupport.partnership(referral.partnershipId)
            : null,
        },
        mayDecide,
        ispItems: [
          { value: '', text: 'Choose a partner' },
          ...isps.map((i) => ({
            value: String(i.personId),
            text: i.title ? `${i.name} (${i.title})` : i.name,
          })),
        ],
        hasIsps: isps.length > 0,
        action: paths.targetedSupport.referral(referral.id),
      });
    },
  );

  typed.post(
    paths.targetedSupport.referral(),
    { config: { access: canRefer }, schema: { params: referralParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const referral = await referralFor(db, principal, request.params.referralId);
      if (!canDecideReferral(principal, referral)) throw new NotFoundError('There is no such referral');
      const formUrl = paths.targetedSupport.referral(referral.id);
      return handleForm(reply, { formUrl, body: request.body, schema: decideForm }, async (input) => {
        const { partnershipId } = await decideReferral(
          db,
          actorOf(principal),
          { referralId: referral.id, decision: decisionOf(input), by: principal },
          { mailer },
        );
        const text =
          input.decision === 'declined'
            ? 'The referral has been declined'
            : input.decision === 'enhanced'
              ? 'The referral has been accepted for Enhanced support'
              : 'The referral has been accepted for Intensive support: the partnership has started';
        return reply
          .flash({ kind: 'success', text })
          .code(303)
          .redirect(partnershipId ? paths.targetedSupport.partnership(partnershipId) : formUrl);
      });
    },
  );
}
