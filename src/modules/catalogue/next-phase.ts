import type { Executor } from '../../platform/database.ts';
import { paths } from '../../platform/paths.ts';
import { codeForYear, yearToSlug } from './catalogue-file.ts';
import { yearAfter } from './catalogue-views.ts';
import { findNcp, type Ncp } from './list-ncps.ts';

/** The link to an NCP's next phase: in the next year's catalogue if it has one, else in this one. */
export async function nextPhaseOf(db: Executor, ncp: Ncp): Promise<{ href: string; label: string } | null> {
  if (!ncp.nextNcpCode) return null;
  const nextYear = yearAfter(ncp.yearCode);
  const inNextYear = await findNcp(db, nextYear, codeForYear(ncp.nextNcpCode, ncp.yearCode, nextYear));
  const target = inNextYear ?? (await findNcp(db, ncp.yearCode, ncp.nextNcpCode));
  if (!target) return { href: '', label: ncp.nextNcpCode };
  return {
    href: paths.catalogue.ncp(yearToSlug(target.yearCode), target.code),
    label: `${target.code} ${target.title} (${target.yearCode})`,
  };
}
