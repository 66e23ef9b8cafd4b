import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import {
  canReadNationally,
  hasRole,
  isNationalAdmin,
  ncpKeysOf,
  type Principal,
} from '../../platform/principal.ts';

/** Those who reach the NCP and interest pages from their hub's or the nation's links already. */
const canViewNationallyOrLead = (p: Principal) => canReadNationally(p) || hasRole(p, 'hub_leadership');

import type { Services } from '../../platform/services.ts';
import { listHubs, localAuthorityNames } from '../hubs/list-hubs.ts';
import { roleNames } from '../people/roles.ts';
import { schoolNames as namesOfSchools } from '../schools/school-names.ts';
import { listToDos } from './list-to-dos.ts';

export function registerHomeRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(paths.home, { config: { access: 'public' } }, async (_request, reply) =>
    reply.render('modules/home/views/home.njk', { pageTitle: 'Home' }),
  );

  app.get(paths.dashboard, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const hubIds = new Set(principal.roles.map((r) => r.hubId).filter((id) => id !== null));
    const schoolUrns = [...new Set(principal.roles.map((r) => r.schoolUrn).filter((u) => u !== null))];
    const laCodes = [...new Set(principal.roles.map((r) => r.laCode).filter((c) => c !== null))];
    const [allHubs, toDos, schoolNames, laNames] = await Promise.all([
      hubIds.size ? listHubs(db) : [],
      listToDos(db, principal),
      namesOfSchools(db, schoolUrns),
      localAuthorityNames(db, laCodes),
    ]);
    const hubs = allHubs.filter((h) => hubIds.has(h.id));
    const hubNames = new Map(hubs.map((h) => [h.id, h]));
    return reply.render('modules/home/views/dashboard.njk', {
      pageTitle: 'To do',
      toDos,
      roles: principal.roles.map((r) => ({
        ...r,
        roleName: roleNames[r.role],
        hub: r.hubId ? (hubNames.get(r.hubId) ?? null) : null,
        schoolName: r.schoolUrn ? (schoolNames.get(r.schoolUrn) ?? null) : null,
        laName: r.laCode ? (laNames.get(r.laCode) ?? r.laCode) : null,
      })),
      hubs,
      can: {
        national: canReadNationally(principal),
        hubLeadership: hasRole(principal, 'hub_leadership'),
        importDelivery: isNationalAdmin(principal) || hasRole(principal, 'hub_leadership'),
        llme: hasRole(principal, 'llme'),
        participant: hasRole(principal, 'participant'),
        schoolContact: hasRole(principal, 'school_contact'),
        ncpTeam: ncpKeysOf(principal).length > 0 && !canViewNationallyOrLead(principal),
        laPartner: hasRole(principal, 'la_partner') && !canViewNationallyOrLead(principal),
      },
    });
  });
}
