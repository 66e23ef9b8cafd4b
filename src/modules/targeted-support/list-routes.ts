import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDate } from '../../platform/dates.ts';
import { sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubScopeOf } from '../../platform/hub-scope.ts';
import { hubQuery, parseAcademicYear } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { listHref } from '../hubs/admin-lists.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { yearSlug } from '../journeys/journey-rules.ts';
import { partnershipColumns, referralColumns } from './export-columns.ts';
import { canRefer, canUseTargetedSupport, isIsp } from './policy.ts';
import { type ListScope, listPartnerships, listReferrals } from './reads.ts';
import { phaseNames, planPhases, referralSourceNames, referralStatusNames } from './rules.ts';

const listQuery = z.object({
  hub: hubQuery,
  year: z.string().trim().max(9).optional().catch(undefined),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
  list: z.enum(['referrals', 'partnerships', 'moved-on']).catch('partnerships'),
});

/**
 * The lists a hub and the national team need (issue 16): referrals waiting (and decided), partnerships
 * by phase, and schools moved on into Teaching for Mastery, for one hub or every hub in the person's
 * scope, each as CSV or Excel. An ISP who is not hub staff sees only their own partnerships.
 */
export function registerTargetedSupportListRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.targetedSupport.home,
    { config: { access: canUseTargetedSupport }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const scope = hubScopeOf(principal);
      const staff = scope.kind !== 'none';
      // Another hub's slug is "not found" (the one hub chooser); without one, every hub in scope.
      const choice = staff ? await chooseHub(db, principal, q.hub) : { hub: null, options: [] };
      const hub = q.hub
        ? choice.hub
        : scope.kind === 'hubs' && choice.options.length === 1
          ? choice.hub
          : null;
      const yearCode = parseAcademicYear(q.year) ?? currentAcademicYear();
      const listScope: ListScope = {
        scope,
        hubId: hub?.id ?? null,
        ispPersonId: staff ? null : principal.personId,
        yearCode,
      };
      const [referrals, partnerships, years] = await Promise.all([
        listReferrals(db, listScope),
        listPartnerships(db, listScope),
        yearOptions(db),
      ]);
      const slug = yearSlug(yearCode);
      const where = hub ? hub.slug : 'all-hubs';
      if (q.format !== 'html') {
        if (q.list === 'referrals')
          return sendTable(reply, q.format, `targeted-support-referrals-${where}-${slug}`, {
            name: `Referrals ${yearCode}`,
            columns: referralColumns,
            rows: referrals,
          });
        const movedOn = q.list === 'moved-on';
        return sendTable(
          reply,
          q.format,
          `targeted-support-${movedOn ? 'moved-on' : 'partnerships'}-${where}-${slug}`,
          {
            name: `${movedOn ? 'Moved on' : 'Partnerships'} ${yearCode}`,
            columns: partnershipColumns,
            rows: partnerships.filter((p) => (p.phase === 'moved_on') === movedOn),
          },
        );
      }
      const linkQuery = { hub: hub && choice.options.length > 1 ? hub.slug : '', year: slug };
      const download = (list: string) => ({
        csv: listHref(paths.targetedSupport.home, linkQuery, { list, format: 'csv' }),
        xlsx: listHref(paths.targetedSupport.home, linkQuery, { list, format: 'xlsx' }),
      });
      const referralView = referrals.map((r) => ({
        ...r,
        href: paths.targetedSupport.referral(r.id),
        statusName: referralStatusNames[r.status],
        sourceName: referralSourceNames[r.source],
        referredOn: formatDate(r.createdAt),
      }));
      const partnershipView = partnerships.map((p) => ({
        ...p,
        href: paths.targetedSupport.partnership(p.id),
        phaseName: phaseNames[p.phase],
        startedOnText: formatDate(p.startedOn),
        movedOnText: formatDate(p.movedOnOn),
      }));
      return reply.render('modules/targeted-support/views/home.njk', {
        pageTitle: 'Targeted Support in Mathematics',
        staff,
        hub,
        yearCode,
        yearValue: slug,
        years: (years.includes(yearCode) ? years : [...years, yearCode].sort().reverse()).map((y) => ({
          value: yearSlug(y),
          text: y,
        })),
        hubItems:
          choice.options.length > 1
            ? [
                { value: '', text: 'All hubs' },
                ...choice.options.map((h) => ({
                  value: h.slug,
                  text: h.name,
                  selected: h.slug === hub?.slug,
                })),
              ]
            : [],
        waiting: referralView.filter((r) => r.status === 'waiting'),
        decided: referralView.filter((r) => r.status !== 'waiting'),
        phases: planPhases.map((phase) => ({
          phase,
          name: phaseNames[phase],
          rows: partnershipView.filter((p) => p.phase === phase),
        })),
        movedOn: partnershipView.filter((p) => p.phase === 'moved_on'),
        canRefer: canRefer(principal),
        isIsp: isIsp(principal),
        downloads: {
          referrals: download('referrals'),
          partnerships: download('partnerships'),
          movedOn: download('moved-on'),
        },
      });
    },
  );
}
