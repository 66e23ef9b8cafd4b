import type { Executor } from '../../platform/database.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { ncpTitles } from '../catalogue/list-ncps.ts';
import { pageOf, sortLinks } from '../hubs/admin-lists.ts';
import { claimStatusNames } from './claim-states.ts';
import { claimRoleNames, claimRoles } from './grant-rules.ts';
import type { ClaimRow } from './list-claims.ts';
import { formatPence } from './money.ts';
import { rulesForYear } from './rules-for-year.ts';
import { claimStatuses } from './schema.ts';

export const claimSortColumns = ['claim', 'hub', 'submitted', 'status', 'amount'] as const;
export type ClaimSortColumn = (typeof claimSortColumns)[number];
export const claimSortKeys: Record<ClaimSortColumn, (c: ClaimRow) => string | number | null> = {
  claim: (c) => c.id,
  hub: (c) => c.hubName,
  submitted: (c) => c.submittedAt.getTime(),
  status: (c) => claimStatusNames[c.status],
  amount: (c) => c.amountPence,
};

export type ClaimsLinkQuery = Record<string, string | undefined> & {
  sort: ClaimSortColumn;
  order: 'asc' | 'desc';
};

/** What the claims page shows of a sorted list of claims, for a hub or for every hub. */
export function claimsView(
  claims: ClaimRow[],
  list: {
    /** The page's address. */
    url: string;
    /** Its query without the page and format. */
    linkQuery: ClaimsLinkQuery;
    /** The query the column headings' sort links keep. */
    sortQuery: ClaimsLinkQuery;
    page: number;
    pageSize: number;
  },
) {
  const { page, lastPage, items } = pageOf(claims, list.page, list.pageSize);
  return {
    claims: items,
    total: claims.length,
    statusNames: claimStatusNames,
    roleNames: claimRoleNames,
    formatPence,
    statusItems: [
      { value: '', text: 'All statuses' },
      ...claimStatuses.map((s) => ({ value: s, text: claimStatusNames[s] })),
    ],
    sortLinks: sortLinks(list.url, list.sortQuery, claimSortColumns),
    pagination: pagination(page, lastPage, (n) => withQuery(list.url, { ...list.linkQuery, page: n })),
    csvHref: withQuery(list.url, { ...list.linkQuery, format: 'csv' }),
    xlsxHref: withQuery(list.url, { ...list.linkQuery, format: 'xlsx' }),
  };
}

/** The projects a claim may be made for in a year: those whose rules pay a day rate or travel. */
async function claimableNcps(db: Executor, yearCode: string) {
  return [...(await rulesForYear(db, yearCode))]
    .filter(([, rules]) => rules.some((r) => r.kind === 'day_rate' || r.kind === 'travel_claimable'))
    .map(([code, rules]) => ({
      code,
      dayRates: rules.flatMap((r) =>
        r.kind === 'day_rate' ? [`${claimRoleNames[r.role]} ${formatPence(r.ratePence)} a day`] : [],
      ),
      travel: rules.some((r) => r.kind === 'travel_claimable'),
    }));
}

/** The choices of the form to submit a claim: each claimable project with its rates, and the roles. */
export async function newClaimChoices(db: Executor, yearCode: string) {
  const ncpOptions = await claimableNcps(db, yearCode);
  const titles = ncpOptions.length ? await ncpTitles(db, yearCode) : [];
  return {
    ncpItems: [
      { value: '', text: 'Choose a project' },
      ...ncpOptions.map((n) => ({
        value: n.code,
        text: `${n.code}: ${titles.find((t) => t.code === n.code)?.title ?? ''} (${[...n.dayRates, n.travel ? 'travel' : ''].filter(Boolean).join('; ')})`,
      })),
    ],
    roleItems: [
      { value: '', text: 'Choose a role' },
      ...claimRoles.map((r) => ({ value: r, text: claimRoleNames[r] })),
    ],
  };
}
