import type { Executor } from '../../platform/database.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import { catalogueStatus, latestPublishedYear, nationalContacts } from '../catalogue/publication.ts';
import { yearParam } from './forms.ts';

/**
 * What the hub's planning pages say while a year's catalogue is not published (a draft, or none yet):
 * who publishes it and who to ask (the national administrators), and a way on (plan in the latest
 * published year). Null once it is published: hubs plan under it.
 */
export async function unpublishedNotice(db: Executor, yearCode: string, hubSlug: string | undefined) {
  const { status } = await catalogueStatus(db, yearCode);
  if (status === 'published') return null;
  const otherYear = await latestPublishedYear(db);
  return {
    status,
    contacts: await nationalContacts(db),
    otherYear,
    otherYearHref: otherYear
      ? withQuery(paths.myHub.newActivity, { hub: hubSlug, year: yearParam(otherYear) })
      : null,
  };
}
