import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { StaleEditError, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldError } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearFromParam, yearParam } from '../activities/forms.ts';
import { ncpTitles } from '../catalogue/list-ncps.ts';
import { rulesParams, yearParams } from './funding-params.ts';
import { type FundingSource, fundingSourceNames, fundingSources, grantRuleKindNames } from './grant-rules.ts';
import { formatPence } from './money.ts';
import { canManageFunding, canViewNationalFunding } from './policy.ts';
import { ruleSetOf, rulesForYear } from './rules-for-year.ts';
import { updateGrantRules } from './update-grant-rules.ts';

/** A refused form keeps at most this much of a field (`formState`): longer rules are shown again at once. */
const KEPT_LENGTH = 500;

const yearCodeOf = (param: string) => {
  const yearCode = yearFromParam(param);
  if (!yearCode) throw new NotFoundError('There is no such academic year');
  return yearCode;
};

const renderEditRules = (
  reply: FastifyReply,
  yearCode: string,
  ncp: { code: string; title: string },
  text: string,
  extra: Record<string, unknown> = {},
) =>
  reply.render('modules/funding/views/edit-rules.njk', {
    pageTitle: `Grant rules of ${ncp.code}`,
    yearCode,
    ncp,
    text,
    action: paths.funding.editRules(yearParam(yearCode), ncp.code),
    backHref: paths.funding.rules(yearParam(yearCode)),
    kinds: Object.entries(grantRuleKindNames).map(([kind, name]) => ({ kind, name })),
    sources: fundingSources.map((s: FundingSource) => ({ key: s, name: fundingSourceNames[s] })),
    ...extra,
  });

/** The grant rules of a year, by NCP of its catalogue; the national team edits them as JSON. */
export function registerGrantRuleRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.funding.rules(),
    { config: { access: canViewNationalFunding }, schema: { params: yearParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const yearCode = yearCodeOf(request.params.year);
      const catalogue = await ncpTitles(db, yearCode);
      const rules = await rulesForYear(db, yearCode);
      return reply.render('modules/funding/views/rules.njk', {
        pageTitle: `Grant rules for ${yearCode}`,
        yearCode,
        ncps: catalogue.map((n) => ({
          ...n,
          rules: rules.get(n.code) ?? [],
          editHref: paths.funding.editRules(yearParam(yearCode), n.code),
        })),
        kindNames: grantRuleKindNames,
        sourceNames: fundingSourceNames,
        formatPence,
        canEdit: canManageFunding(principal),
      });
    },
  );

  typed.get(
    paths.funding.editRules(),
    { config: { access: canManageFunding }, schema: { params: rulesParams } },
    async (request, reply) => {
      const yearCode = yearCodeOf(request.params.year);
      const { ncp, rules, version } = await ruleSetOf(db, { yearCode, ncpCode: request.params.ncpCode });
      return renderEditRules(reply, yearCode, ncp, JSON.stringify(rules, null, 2), { version });
    },
  );

  typed.post(
    paths.funding.editRules(),
    { config: { access: canManageFunding }, schema: { params: rulesParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const yearCode = yearCodeOf(request.params.year);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { ncp } = await ruleSetOf(db, { yearCode, ncpCode: request.params.ncpCode });
      const formUrl = paths.funding.editRules(yearParam(yearCode), ncp.code);
      try {
        return await handleForm(reply, { formUrl, body, keep: ['rules', 'version'] }, async (input) => {
          const text = typeof input.rules === 'string' ? input.rules : '';
          try {
            const { changed } = await updateGrantRules(db, actorOf(principal), {
              year: yearCode,
              code: ncp.code,
              rules: text,
              version: versionFrom(input),
            });
            reply.flash(
              changed
                ? { kind: 'success', text: `The grant rules of ${ncp.code} are saved` }
                : { kind: 'info', text: `You did not change the grant rules of ${ncp.code}` },
            );
            return reply.code(303).redirect(paths.funding.rules(yearParam(yearCode)));
          } catch (error) {
            // Rules too long to keep whole on the way back to the form are shown again at once, with the errors.
            if (!(error instanceof ValidationError) || text.length <= KEPT_LENGTH) throw error;
            reply.code(400);
            return renderEditRules(reply, yearCode, ncp, text, {
              errors: error.errors.map((e) => fieldError(e.field, e.message)),
              version: typeof input.version === 'string' ? input.version : undefined,
            });
          }
        });
      } catch (error) {
        if (!(error instanceof StaleEditError)) throw error;
        // Someone else saved since the form was made: their rules beside these, which are kept.
        const text = typeof body.rules === 'string' ? body.rules : '';
        const latest = await ruleSetOf(db, { yearCode, ncpCode: ncp.code });
        let yours = text;
        try {
          yours = JSON.stringify(JSON.parse(text), null, 2);
        } catch {
          // Not JSON: shown as typed.
        }
        reply.code(409);
        return renderEditRules(reply, yearCode, ncp, text, {
          pageTitle: `Someone else changed the grant rules of ${ncp.code}`,
          version: latest.version,
          staleEdit: {
            noun: 'grant rules',
            subject: 'these grant rules',
            rows: staleEditRows(
              [{ name: 'rules', label: 'Rules' }],
              { rules: JSON.stringify(latest.rules, null, 2) },
              { rules: yours },
            ),
            latestHref: formUrl,
          },
        });
      }
    },
  );
}
