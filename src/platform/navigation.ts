import { paths } from './paths.ts';
import { canReadNationally, hasRole, isNationalAdmin, type Principal } from './principal.ts';

interface NavigationItem {
  href: string;
  text: string;
  active?: boolean;
}

/** The service navigation a person sees: what their roles let them use. */
export function navigationFor(principal: Principal | null, currentUrl: string): NavigationItem[] {
  const items: NavigationItem[] = [{ href: paths.findYourHub, text: 'Find your hub' }];
  if (!principal) {
    items.push({ href: paths.signIn, text: 'Sign in' });
  } else {
    items.push({ href: paths.dashboard, text: 'Your dashboard' });
    items.push({ href: paths.catalogue.years, text: 'Catalogue' });
    items.push({ href: paths.events.mine, text: 'Events' });
    if (canReadNationally(principal) || hasRole(principal, 'hub_leadership')) {
      items.push({ href: paths.myHub.activities, text: 'Activities' });
      items.push({ href: paths.myHub.schools, text: 'Schools' });
      items.push({ href: paths.funding.statement, text: 'Funding' });
      items.push({ href: paths.reports.hubDashboard, text: 'Hub dashboard' });
    }
    if (canReadNationally(principal)) items.push({ href: paths.reports.annual, text: 'Annual report' });
    if (hasRole(principal, 'llme')) items.push({ href: paths.my.activities, text: 'My activities' });
    if (hasRole(principal, 'participant')) items.push({ href: paths.my.programmes, text: 'My programmes' });
    if (hasRole(principal, 'school_contact')) items.push({ href: paths.my.school, text: 'Our school' });
    if (canReadNationally(principal)) {
      items.push({ href: paths.admin.hubs, text: 'Hubs' });
      items.push({ href: paths.admin.localAuthorities, text: 'Local authorities' });
      items.push({ href: paths.funding.national, text: 'National funding' });
    }
    if (canReadNationally(principal) || hasRole(principal, 'hub_leadership')) {
      items.push({ href: paths.admin.people, text: 'People' });
      items.push({ href: paths.admin.eventLog, text: 'Event log' });
    }
    if (isNationalAdmin(principal)) items.push({ href: paths.admin.registerImport, text: 'School register' });
    items.push({ href: paths.account, text: 'Your account' });
    items.push({ href: paths.signOut, text: 'Sign out' });
  }
  const path = currentUrl.split('?')[0] ?? '';
  return items.map((item) => ({ ...item, active: item.href !== '/' && path.startsWith(item.href) }));
}
