import { NotFoundError } from '../../platform/errors.ts';
import {
  canReadNationally,
  hubIdsOf,
  isHubLeadershipOf,
  isNationalAdmin,
  type Principal,
} from '../../platform/principal.ts';

/**
 * Who may do what with evaluation reports (docs/evaluation-reports.md):
 *  - write (start, edit a draft, publish): hub leadership for their hubs' reports; national
 *    administrators for any report, and they alone for an NCP's (national) report;
 *  - read: the national team (administrators and analysts) every report, drafts too; hub leadership
 *    their own hubs' reports, drafts too, and every published report of every hub and NCP (sharing
 *    practice); nobody else. A report someone may not read is "not found" (404);
 *  - follow up an action: its owner, and whoever may write its report; the national team reads them.
 */
export interface ReportAccessFacts {
  hubId: number | null;
  status: string;
}

/** The gate of the pages that write reports: national administrators and hub leadership. */
export const canWriteReports = (p: Principal | null) =>
  isNationalAdmin(p) || hubIdsOf(p, 'hub_leadership').length > 0;

export const mayWriteReport = (p: Principal | null, r: ReportAccessFacts) =>
  isNationalAdmin(p) || (r.hubId !== null && isHubLeadershipOf(p, r.hubId));

export const mayReadReport = (p: Principal | null, r: ReportAccessFacts) =>
  canReadNationally(p) ||
  mayWriteReport(p, r) ||
  (r.status === 'published' && hubIdsOf(p, 'hub_leadership').length > 0);

/** Which reports a list or search shows: every one, published ones plus some hubs' drafts, or none. */
export type ReportScope =
  | { kind: 'all' }
  | { kind: 'published_and_hubs'; hubIds: number[] }
  | { kind: 'none' };

export function reportScopeOf(p: Principal | null): ReportScope {
  if (canReadNationally(p)) return { kind: 'all' };
  const hubIds = hubIdsOf(p, 'hub_leadership');
  return hubIds.length ? { kind: 'published_and_hubs', hubIds } : { kind: 'none' };
}

export function requireReadable<R extends ReportAccessFacts>(p: Principal | null, r: R | null): R {
  if (!r || !mayReadReport(p, r)) throw new NotFoundError('There is no such evaluation report');
  return r;
}

export function requireWritable<R extends ReportAccessFacts>(p: Principal | null, r: R | null): R {
  if (!r || !mayWriteReport(p, r)) throw new NotFoundError('There is no such evaluation report');
  return r;
}

/** An action of a published report: its owner and its report's writers follow it up; the national team reads it. */
export interface ActionAccessFacts {
  ownerPersonId: number | null;
  report: ReportAccessFacts;
}

export const mayFollowUpAction = (p: Principal | null, a: ActionAccessFacts) =>
  a.report.status === 'published' &&
  ((p !== null && a.ownerPersonId === p.personId) || mayWriteReport(p, a.report));

export const mayReadAction = (p: Principal | null, a: ActionAccessFacts) =>
  a.report.status === 'published' && (mayFollowUpAction(p, a) || canReadNationally(p));
