import {
  type ActionDefinition,
  after,
  count,
  define,
  type Fields,
  type GrantRules,
  hubRef,
  type LoggedRow,
  laRef,
  plural,
  quoted,
  type SchoolLink,
  schoolRef,
} from '../audit-vocabulary.ts';

/** The event log's actions: hubs, local authorities, schools, the catalogue and the platform. */
export const registerActions = {
  // Hubs and local authorities
  'hub.created': define('hub', 'Hubs: created', (r: LoggedRow<Fields>) => [
    r.actor,
    ' created the hub ',
    hubRef(r.subjectId),
  ]),
  'hub.updated': define('hub', 'Hubs: changed', (r: LoggedRow<Fields>) => [
    r.actor,
    ' changed the details of ',
    hubRef(r.subjectId),
  ]),
  'hub.areas_replaced': define(
    'hub',
    'Hubs: areas replaced from a file',
    (r: LoggedRow<{ added: unknown; removed: unknown; changed: unknown }>) => [
      r.actor,
      ' replaced the areas of ',
      hubRef(r.subjectId),
      ` from a file (${count(r.changes.added)} added, ${count(r.changes.removed)} removed)`,
    ],
  ),
  'hub.area_added': define(
    'hub',
    'Hubs: area added',
    (
      r: LoggedRow<{
        area: { laCode: string; laName: string; districtCode: string | null; districtName: string | null };
      }>,
    ) => [
      r.actor,
      ` added ${r.changes.area?.districtName ?? r.changes.area?.laName ?? 'an area'} to the area of `,
      hubRef(r.subjectId),
    ],
  ),
  'hub.area_removed': define('hub', 'Hubs: area removed', (r: LoggedRow<{ area: unknown }>) => [
    r.actor,
    ' removed an area from ',
    hubRef(r.subjectId),
  ]),
  'local_authority.created': define('local_authority', 'Local authorities: added', (r: LoggedRow<Fields>) => [
    r.actor,
    ' added the local authority ',
    laRef(r.subjectId),
  ]),
  'local_authority.updated': define(
    'local_authority',
    'Local authorities: changed',
    (r: LoggedRow<Fields>) => [r.actor, ' changed the details of ', laRef(r.subjectId)],
  ),

  // Schools
  'school.added': define('school', 'Schools: added from GIAS', (r: LoggedRow<Fields>) => [
    r.actor,
    ' added ',
    schoolRef(r.subjectId),
    ' to the register',
  ]),
  'school.updated': define('school', 'Schools: changed by GIAS', (r: LoggedRow<Fields>) => [
    r.actor,
    ' updated ',
    schoolRef(r.subjectId),
    ' from GIAS',
  ]),
  'school.closed': define('school', 'Schools: closed', (r: LoggedRow<Fields>) => [
    r.actor,
    ' recorded that ',
    schoolRef(r.subjectId),
    ' has closed',
  ]),
  'school.link_added': define('school', 'Schools: link added', (r: LoggedRow<SchoolLink>) => [
    r.actor,
    ' linked ',
    schoolRef(r.subjectId),
    ' to ',
    schoolRef(after(r.changes.linkedUrn)),
  ]),
  'school.link_updated': define('school', 'Schools: link changed', (r: LoggedRow<SchoolLink>) => [
    r.actor,
    ' changed the link from ',
    schoolRef(r.subjectId),
    ' to ',
    schoolRef(after(r.changes.linkedUrn)),
  ]),
  'register.imported': define('register_import', 'Schools: register imported', (r: LoggedRow<Fields>) => [
    r.actor,
    ` imported the register of schools (${Number(r.changes.added ?? 0)} added, ${Number(r.changes.updated ?? 0)} changed)`,
  ]),

  // Catalogue and grant rules
  'catalogue.loaded': define('catalogue', 'Catalogue: loaded', (r: LoggedRow<Fields>) => [
    r.actor,
    ` loaded the catalogue for ${r.subjectId}`,
  ]),
  'catalogue.copied': define(
    'catalogue',
    'Catalogue: copied forward',
    (r: LoggedRow<{ from: string; to: string; copied: number }>) => [
      r.actor,
      ` copied ${plural(r.changes.copied, 'programme')} from ${r.changes.from ?? 'a year'} to ${r.changes.to ?? r.subjectId}`,
    ],
  ),
  'catalogue.published': define(
    'catalogue',
    'Catalogue: published',
    (r: LoggedRow<{ year: string; ncps: number }>) => [
      r.actor,
      ` published the ${r.changes.year ?? r.subjectId} catalogue (${plural(r.changes.ncps, 'programme')}): hubs can plan under it`,
    ],
  ),
  'ncp.added': define(
    'ncp',
    'Catalogue: programme added',
    (r: LoggedRow<{ year: string; code: string; title: string }>) => [
      r.actor,
      ` added the programme ${r.changes.code ?? ''}${quoted(r.changes.title)} to ${r.changes.year ?? 'the catalogue'}`,
    ],
  ),
  'ncp.updated': define('ncp', 'Catalogue: programme changed', (r: LoggedRow<Fields>) => [
    r.actor,
    ` changed the programme ${String(r.changes.code ?? r.subjectId)}${r.changes.year ? ` in ${String(r.changes.year)}` : ''}`,
  ]),
  'funding.rules_added': define(
    'grant_rule_set',
    'Funding: grant rules added',
    (r: LoggedRow<GrantRules>) => [
      r.actor,
      ` added the grant rules of ${r.changes.ncpCode ?? 'a programme'} for ${r.changes.year ?? 'a year'}`,
    ],
  ),
  'funding.rules_updated': define(
    'grant_rule_set',
    'Funding: grant rules changed',
    (r: LoggedRow<GrantRules>) => [
      r.actor,
      ` changed the grant rules of ${r.changes.ncpCode ?? 'a programme'} for ${r.changes.year ?? 'a year'}`,
    ],
  ),

  // The platform
  'demo.loaded': define('demo', 'Platform: demonstration data loaded', (r: LoggedRow<Fields>) => [
    r.actor,
    ' loaded the demonstration network',
  ]),
  'retention.applied': define(
    'retention_rule',
    'Platform: retention rule applied',
    (r: LoggedRow<{ deleted?: number; cleared?: number }>) => [
      r.actor,
      ` applied the retention rule ${r.subjectId}: ${
        r.changes.deleted !== undefined
          ? `${plural(r.changes.deleted, 'record')} deleted`
          : `${plural(r.changes.cleared, 'record')} cleared`
      }`,
    ],
  ),
} satisfies Record<string, ActionDefinition>;
