import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { StaleEditError, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { ValidationError } from '../../platform/errors.ts';
import { fieldError, type SummaryFieldError } from '../../platform/form-errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearToSlug } from './catalogue-file.ts';
import { editOptions } from './catalogue-views.ts';
import { getNcp, type Ncp } from './list-ncps.ts';
import { ncpComparedFields, ncpFormValues } from './ncp-form.ts';
import { canChangeCatalogue } from './policy.ts';
import { parseRules } from './rules.ts';
import { updateNcp } from './update-ncp.ts';
import { ncpParams, yearOf } from './year-param.ts';

/**
 * The NCP edit form. It is not handled by `handleForm`: its input (checkbox lists and sections of up
 * to 20,000 characters) is kept whole when refused, by post/redirect/get while it fits in a cookie and
 * shown again at once (400) when it does not; `handleForm` keeps only short single texts.
 */

/** The biggest form state that a cookie carries safely; a bigger one is shown again without a redirect. */
const COOKIE_BUDGET = 3000;

function keptValues(body: Record<string, unknown>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') values[key] = value.slice(0, 20_000);
    else if (Array.isArray(value)) values[key] = value.filter((v) => typeof v === 'string').slice(0, 20);
  }
  return values;
}

/** What every rendering of the edit form is given. */
const formPage = (ncp: Ncp, year: string) => ({
  ncp,
  year,
  version: ncp.version,
  options: editOptions,
  ncpHref: paths.catalogue.ncp(yearToSlug(year), ncp.code),
  action: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
});

/** A save from an older version refused (409): what someone else saved beside the input, kept in the form. */
function renderStaleEdit(reply: FastifyReply, ncp: Ncp, year: string, body: Record<string, unknown>) {
  const { version: _old, ...yours } = keptValues(body);
  const theirs = ncpFormValues({ ...ncp, rules: parseRules(ncp.rules) });
  return reply.code(409).render('modules/catalogue/views/edit-ncp.njk', {
    ...formPage(ncp, year),
    pageTitle: `Someone else changed ${ncp.code}`,
    form: yours,
    staleEdit: {
      noun: 'NCP',
      rows: staleEditRows(ncpComparedFields, theirs, yours),
      latestHref: paths.catalogue.editNcp(yearToSlug(year), ncp.code),
    },
  });
}

/** Refused input goes back to the form: by a redirect while it fits in a cookie, else shown at once. */
function renderRefused(
  reply: FastifyReply,
  ncp: Ncp,
  year: string,
  values: Record<string, string | string[]>,
  errors: SummaryFieldError[],
) {
  if (JSON.stringify({ errors, values }).length <= COOKIE_BUDGET)
    return reply.formErrors(paths.catalogue.editNcp(yearToSlug(year), ncp.code), { errors, values });
  return reply.code(400).render('modules/catalogue/views/edit-ncp.njk', {
    ...formPage(ncp, year),
    pageTitle: `Change ${ncp.code}`,
    form: values,
    errors,
  });
}

/** The national team's form to change an NCP of a year's catalogue. */
export function registerEditNcpRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.catalogue.editNcp(),
    { config: { access: canChangeCatalogue }, schema: { params: ncpParams } },
    async (request, reply) => {
      const year = yearOf(request.params.year);
      const ncp = await getNcp(db, year, request.params.code);
      // After a post with errors, the layout's context carries the kept input as `values`.
      return reply.render('modules/catalogue/views/edit-ncp.njk', {
        ...formPage(ncp, year),
        pageTitle: `Change ${ncp.code}`,
        record: ncpFormValues({ ...ncp, rules: parseRules(ncp.rules) }),
      });
    },
  );

  typed.post(
    paths.catalogue.editNcp(),
    { config: { access: canChangeCatalogue }, schema: { params: ncpParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const year = yearOf(request.params.year);
      const { code } = request.params;
      await getNcp(db, year, code); // an NCP not in the catalogue is not found, before its form is read
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        const version = versionFrom(body);
        const input = { ...body, year, code, version };
        const { ncp, changed } = await updateNcp(db, actorOf(principal), input);
        reply.flash(
          changed.length
            ? { kind: 'success', text: `${ncp.code} has been updated` }
            : { kind: 'info', text: `You did not change ${ncp.code}` },
        );
        return reply.code(303).redirect(paths.catalogue.ncp(yearToSlug(year), ncp.code));
      } catch (error) {
        if (error instanceof StaleEditError)
          return renderStaleEdit(reply, await getNcp(db, year, code), year, body);
        if (!(error instanceof ValidationError)) throw error;
        const errors = error.errors.map((e) => fieldError(e.field, e.message));
        return renderRefused(reply, await getNcp(db, year, code), year, keptValues(body), errors);
      }
    },
  );
}
