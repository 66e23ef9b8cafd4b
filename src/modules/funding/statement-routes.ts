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
import { chooseHub } from '../hubs/choose-hub.ts';
import { closeStatement } from './close-statement.ts';
import { lineColumns } from './export-columns.ts';
import { postedText, statementQuery, yearOf } from './funding-params.ts';
import { formatPence } from './money.ts';
import { canManageFunding, canViewHubFunding } from './policy.ts';
import { readStatement } from './read-statement.ts';
import { recordHubRole } from './record-hub-role.ts';
import { filteredLines, revisionViewOf, statementView } from './statement-view.ts';

/** A hub's grant statement for a year: the page and its downloads, closing a statement, the hub's role. */
export function registerStatementRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.funding.statement,
    { config: { access: canViewHubFunding }, schema: { querystring: statementQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const choice = await chooseHub(db, principal, q.hub);
      const yearCode = yearOf(q.year);
      const statement = choice.hub ? await readStatement(db, choice.hub.id, yearCode) : null;
      const revisionView = await revisionViewOf(db, statement, q.revision);
      const found = filteredLines(statement, q);
      if (q.format !== 'html' && choice.hub) {
        return sendTable(
          reply,
          q.format as ExportFormat,
          `grant-statement-${choice.hub.slug}-${yearParam(yearCode)}`,
          { name: `Grant statement ${yearCode}`, columns: lineColumns, rows: found },
        );
      }
      return reply.render(
        'modules/funding/views/statement.njk',
        await statementView(db, {
          choice,
          yearCode,
          query: q,
          statement,
          revisionView,
          found,
          canClose: !!choice.hub && canManageFunding(principal),
        }),
      );
    },
  );

  // The national team closes the open statement for its period.
  typed.post(paths.funding.close, { config: { access: canManageFunding } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const hub = postedText(body.hub);
    const yearCode = yearOf(postedText(body.year));
    const back = withQuery(paths.funding.statement, { hub, year: yearParam(yearCode) });
    return handleForm(reply, { formUrl: back, body, keep: [] }, async (input) => {
      const choice = hub ? await chooseHub(db, principal, hub) : null;
      if (!choice?.hub) throw new ValidationError([{ field: 'hub', message: 'Choose a hub' }]);
      const number = Number(input.statement);
      const closed = await closeStatement(db, actorOf(principal), {
        hubId: choice.hub.id,
        yearCode,
        statementNumber: Number.isInteger(number) && number > 0 ? number : undefined,
      });
      const last = closed.statements.filter((s) => s.status === 'closed').at(-1)!;
      reply.flash({
        kind: 'success',
        text: `Statement ${last.number} is closed at ${formatPence(last.totalPence)}`,
      });
      return reply.code(303).redirect(back);
    });
  });

  // The national team records a hub's role for an activity paid by role (the China exchange).
  typed.post(paths.funding.role, { config: { access: canManageFunding } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const back = withQuery(paths.funding.statement, {
      hub: postedText(body.hub),
      year: postedText(body.year),
    });
    return handleForm(reply, { formUrl: back, body, keep: [] }, async (input) => {
      const recorded = await recordHubRole(db, actorOf(principal), {
        activityId: Number(input.activityId),
        role: String(input.role ?? ''),
      });
      reply.flash({ kind: 'success', text: `The hub’s role for “${recorded.title}” is recorded` });
      return reply.code(303).redirect(back);
    });
  });
}
