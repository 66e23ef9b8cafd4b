import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { ValidationError } from '../../platform/errors.ts';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearParam } from '../activities/forms.ts';
import { sortRows } from '../hubs/admin-lists.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { claimSortKeys, claimsView, newClaimChoices } from './claims-view.ts';
import { claimColumns } from './export-columns.ts';
import {
  claimsQuery,
  hubYearQuery,
  hubYearView,
  pageSize,
  postedText,
  yearOf,
  yearView,
} from './funding-params.ts';
import { listClaims } from './list-claims.ts';
import { formatPence } from './money.ts';
import { canSubmitClaimFor, canSubmitClaims, canViewHubFunding, canViewNationalFunding } from './policy.ts';
import { submitClaim } from './submit-claim.ts';

/** Claims on the MHNF: a hub's claims, submitting one, and every hub's claims for the national team. */
export function registerClaimRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  // A hub's claims for a year.
  typed.get(
    paths.funding.claims,
    { config: { access: canViewHubFunding }, schema: { querystring: claimsQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const choice = await chooseHub(db, principal, q.hub);
      const yearCode = yearOf(q.year);
      const claims = sortRows(
        choice.hub
          ? await listClaims(db, { yearCode, hubId: choice.hub.id, status: q.status || undefined })
          : [],
        claimSortKeys[q.sort],
        q.order,
      );
      const linkQuery = {
        hub: q.hub,
        year: yearParam(yearCode),
        status: q.status,
        sort: q.sort,
        order: q.order,
      };
      if (q.format !== 'html' && choice.hub) {
        return sendTable(
          reply,
          q.format as ExportFormat,
          `claims-${choice.hub.slug}-${yearParam(yearCode)}`,
          {
            name: `Claims ${yearCode}`,
            columns: claimColumns,
            rows: claims,
          },
        );
      }
      return reply.render('modules/funding/views/claims.njk', {
        pageTitle: choice.hub ? `Claims of ${choice.hub.name} in ${yearCode}` : 'Claims',
        ...(await hubYearView(db, choice, yearCode)),
        query: q,
        national: false,
        ...claimsView(claims, {
          url: paths.funding.claims,
          linkQuery,
          sortQuery: { ...linkQuery, hub: q.hub ?? '' },
          page: q.page,
          pageSize,
        }),
        newHref: withQuery(paths.funding.newClaim, { hub: q.hub, year: yearParam(yearCode) }),
        canSubmit: !!choice.hub && canSubmitClaimFor(principal, choice.hub.id),
        statementHref: withQuery(paths.funding.statement, { hub: q.hub, year: yearParam(yearCode) }),
      });
    },
  );

  // The form to submit a claim.
  typed.get(
    paths.funding.newClaim,
    { config: { access: canSubmitClaims }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const choice = await chooseHub(db, principal, request.query.hub);
      const yearCode = yearOf(request.query.year);
      return reply.render('modules/funding/views/new-claim.njk', {
        pageTitle: 'Submit a claim',
        choice,
        yearCode,
        yearParam: yearParam(yearCode),
        hubSlug: choice.hub?.slug ?? '',
        ...(await newClaimChoices(db, yearCode)),
        backHref: withQuery(paths.funding.claims, { hub: request.query.hub, year: yearParam(yearCode) }),
      });
    },
  );

  typed.post(
    paths.funding.newClaim,
    { config: { access: canSubmitClaims }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const hubSlug = postedText(body.hub);
      const yearCode = yearOf(postedText(body.year));
      const formUrl = withQuery(paths.funding.newClaim, { hub: hubSlug, year: yearParam(yearCode) });
      const choice = await chooseHub(db, principal, hubSlug);
      return handleForm(reply, { formUrl, body }, async (input) => {
        if (!choice.hub || !canSubmitClaimFor(principal, choice.hub.id))
          throw new ValidationError([{ field: 'hub', message: 'Choose your hub' }]);
        const claim = await submitClaim(db, actorOf(principal), {
          ...input,
          hubId: choice.hub.id,
          yearCode,
          personId: principal.personId,
        });
        reply.flash({
          kind: 'success',
          text: `Claim ${claim.id} for ${formatPence(claim.amountPence)} is submitted`,
        });
        return reply
          .code(303)
          .redirect(withQuery(paths.funding.claims, { hub: hubSlug, year: yearParam(yearCode) }));
      });
    },
  );

  // The national team: every hub's claims.
  typed.get(
    paths.funding.allClaims,
    { config: { access: canViewNationalFunding }, schema: { querystring: claimsQuery } },
    async (request, reply) => {
      const q = request.query;
      const yearCode = yearOf(q.year);
      const claims = sortRows(
        await listClaims(db, { yearCode, status: q.status || undefined }),
        claimSortKeys[q.sort],
        q.order,
      );
      const linkQuery = { year: yearParam(yearCode), status: q.status, sort: q.sort, order: q.order };
      if (q.format !== 'html') {
        return sendTable(reply, q.format as ExportFormat, `claims-${yearParam(yearCode)}`, {
          name: `Claims ${yearCode}`,
          columns: claimColumns,
          rows: claims,
        });
      }
      return reply.render('modules/funding/views/claims.njk', {
        pageTitle: `Claims in ${yearCode}`,
        choice: { hub: null, options: [] },
        national: true,
        ...(await yearView(db, yearCode)),
        query: q,
        ...claimsView(claims, {
          url: paths.funding.allClaims,
          linkQuery,
          sortQuery: linkQuery,
          page: q.page,
          pageSize,
        }),
        canSubmit: false,
      });
    },
  );
}
