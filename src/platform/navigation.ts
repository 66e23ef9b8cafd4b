import { paths } from './paths.ts';
import { canReadNationally, hasRole, isNationalAdmin, ncpKeysOf, type Principal } from './principal.ts';

interface NavigationItem {
  href: string;
  text: string;
  active?: boolean;
}

/** A section of the service: one item in the service navigation, its pages in the section's own row. */
interface Section {
  text: string;
  /** The section's pages; the first is where the service navigation's item goes. */
  pages: NavigationItem[];
  /** Addresses that belong to the section without being one of its pages (an activity's pages). */
  alsoUnder?: string[];
}

/**
 * The sections a person sees: what their roles let them use, grouped so that the service navigation
 * stays one short row (the GOV.UK service navigation pattern) and each section lists its own pages.
 */
function sectionsFor(principal: Principal | null): Section[] {
  const one = (href: string, text: string): Section => ({ text, pages: [{ href, text }] });
  if (!principal) {
    return [one(paths.findYourHub, 'Find your hub'), one(paths.signIn, 'Sign in')];
  }
  const national = canReadNationally(principal);
  const hubLeadership = hasRole(principal, 'hub_leadership');
  const sections: Section[] = [one(paths.dashboard, 'To do'), one(paths.catalogue.years, 'Catalogue')];
  sections.push({
    text: 'Events',
    pages: [
      { href: paths.events.mine, text: 'Your events' },
      ...(national || hubLeadership ? [{ href: paths.events.organise, text: 'Organise events' }] : []),
    ],
  });
  if (national || hubLeadership) {
    sections.push({
      text: national ? 'Hubs’ work' : 'Your hub',
      pages: [
        { href: paths.myHub.activities, text: 'Activities' },
        { href: paths.myHub.schools, text: 'Schools' },
        { href: paths.myHub.llmes, text: 'LLMEs' },
        { href: paths.llme.applications, text: 'LLME programmes' },
        { href: paths.myHub.funnels, text: 'Funnels' },
        { href: paths.reports.hubDashboard, text: 'Hub dashboard' },
        { href: paths.evaluation.home, text: 'Evaluation' },
        { href: paths.targetedSupport.home, text: 'Targeted Support' },
        { href: paths.funding.statement, text: 'Funding' },
        // Imports write delivery: hub leadership and national administrators (not the analysts).
        ...(hubLeadership || isNationalAdmin(principal)
          ? [{ href: paths.myHub.imports, text: 'Imports' }]
          : []),
        { href: paths.myHub.interest, text: 'Interest' },
        { href: paths.admin.people, text: 'People' },
        { href: paths.admin.eventLog, text: 'Event log' },
      ],
      alsoUnder: ['/activities/', '/hub/', '/evaluation/', '/targeted-support/', '/llme/'],
    });
  }
  if (national) {
    sections.push({
      text: 'National',
      pages: [
        { href: paths.reports.annual, text: 'Annual report' },
        { href: paths.reports.hubsCompared, text: 'Hubs compared' },
        { href: paths.funding.national, text: 'National funding' },
        { href: paths.admin.hubs, text: 'Hubs' },
        { href: paths.admin.localAuthorities, text: 'Local authorities' },
        ...(isNationalAdmin(principal)
          ? [
              { href: paths.admin.registerImport, text: 'School register' },
              { href: paths.events.bankHolidays, text: 'Bank holidays' },
            ]
          : []),
      ],
      alsoUnder: ['/funding/', '/admin/register/'],
    });
  }
  // An NCP's own team (Project Lead, Coordination Team): their NCP across every hub.
  if (ncpKeysOf(principal).length && !(national || hubLeadership)) {
    sections.push({
      text: 'Your NCP',
      pages: [
        { href: paths.evaluation.ncp, text: 'Evaluation across hubs' },
        { href: paths.evaluation.happi.list, text: 'HAPPI forms' },
        { href: paths.evaluation.surveys.results, text: 'Survey results' },
        { href: paths.events.organise, text: 'National workshops' },
      ],
      alsoUnder: ['/evaluation/', '/organise/'],
    });
  }
  const own: NavigationItem[] = [];
  // A hub's local authority partner: the hub's interest from schools in their local authority.
  if (hasRole(principal, 'la_partner') && !(national || hubLeadership))
    own.push({ href: paths.myHub.interest, text: 'Interest in the hub’s offer' });
  if (hasRole(principal, 'llme')) own.push({ href: paths.my.activities, text: 'Activities you lead' });
  if (hasRole(principal, 'intensive_support_partner') && !(national || hubLeadership))
    own.push({ href: paths.targetedSupport.home, text: 'Targeted Support partnerships' });
  if (hasRole(principal, 'participant')) own.push({ href: paths.my.programmes, text: 'Your programmes' });
  if (hasRole(principal, 'school_contact')) own.push({ href: paths.my.school, text: 'Your school' });
  // Communities (issue 18): for the roles whose records put people in spaces (its own item when it is the
  // person's only page of their own; What's new and Search are linked from it and sit under it).
  if (hasRole(principal, 'llme', 'hub_leadership', 'participant', 'national_admin'))
    own.push({ href: paths.communities.home, text: 'Communities' });
  if (own.length === 1) sections.push(one(own[0]!.href, own[0]!.text));
  else if (own.length > 1)
    sections.push({ text: 'Your work', pages: own, alsoUnder: ['/my/', '/communities/'] });
  sections.push(one(paths.account, 'Your account'), one(paths.signOut, 'Sign out'));
  return sections;
}

const under = (path: string, href: string) =>
  href !== '/' && (path === href || path.startsWith(href.endsWith('/') ? href : `${href}/`));

/** The section the current page belongs to: the one with the longest address that contains it. */
function currentSection(sections: Section[], path: string): { section: Section; page: string | null } | null {
  let best: { section: Section; page: string | null; length: number } | null = null;
  for (const section of sections) {
    for (const page of section.pages) {
      if (under(path, page.href) && (!best || page.href.length > best.length))
        best = { section, page: page.href, length: page.href.length };
    }
    for (const prefix of section.alsoUnder ?? []) {
      if (under(path, prefix) && (!best || prefix.length > best.length))
        best = { section, page: null, length: prefix.length };
    }
  }
  return best;
}

const pathOf = (currentUrl: string) => currentUrl.split('?')[0] ?? '';

/** The service navigation a person sees: one item per section, the current one marked. */
export function navigationFor(principal: Principal | null, currentUrl: string): NavigationItem[] {
  const sections = sectionsFor(principal);
  const current = currentSection(sections, pathOf(currentUrl));
  return sections.map((s) => ({ href: s.pages[0]!.href, text: s.text, active: current?.section === s }));
}

/** The pages of the current page's section, when it has more than one (shown below the service navigation). */
export function sectionNavigationFor(
  principal: Principal | null,
  currentUrl: string,
): { label: string; items: NavigationItem[] } | null {
  const current = currentSection(sectionsFor(principal), pathOf(currentUrl));
  if (!current || current.section.pages.length < 2) return null;
  return {
    label: current.section.text,
    items: current.section.pages.map((p) => ({ ...p, active: p.href === current.page })),
  };
}
