import { formatRows } from '../../platform/cli-output.ts';
import type { HubAreaRow } from './list-hub-areas.ts';
import type { HubSummary, LocalAuthorityRow } from './list-hubs.ts';

/**
 * The national team's CSV downloads. Their columns are those of the import files (docs/imports/
 * local-authorities-and-hubs.md) plus some the import ignores, so a download can be edited and
 * imported again. A byte-order mark makes Excel read them as UTF-8.
 */
const withBom = (csv: string) => `\uFEFF${csv}`;

export const localAuthoritiesCsv = (rows: LocalAuthorityRow[]) =>
  withBom(
    formatRows(
      rows,
      [
        { header: 'la_code', value: (l) => l.code },
        { header: 'la_name', value: (l) => l.name },
        { header: 'gss_code', value: (l) => l.gssCode },
        { header: 'region_code', value: (l) => l.regionCode },
        { header: 'region_name', value: (l) => l.regionName },
        { header: 'entity', value: (l) => l.entity },
        { header: 'hubs', value: (l) => l.hubNames },
        { header: 'state_funded_schools', value: (l) => l.schoolCount },
      ],
      'csv',
    ),
  );

export const hubsCsv = (rows: HubSummary[]) =>
  withBom(
    formatRows(
      rows,
      [
        { header: 'slug', value: (h) => h.slug },
        { header: 'name', value: (h) => h.name },
        { header: 'name_status', value: (h) => h.nameStatus },
        { header: 'lead_school_name', value: (h) => h.leadSchoolName },
        { header: 'lead_school_urn', value: (h) => h.leadSchoolUrn },
        { header: 'contact_email', value: (h) => h.contactEmail },
        { header: 'contact_phone', value: (h) => h.contactPhone },
        { header: 'website', value: (h) => h.website },
        { header: 'areas', value: (h) => h.areaCount },
        { header: 'demonstration_areas', value: (h) => h.demonstrationAreaCount },
        { header: 'state_funded_schools', value: (h) => h.schoolCount },
      ],
      'csv',
    ),
  );

export const hubAreasCsv = (rows: HubAreaRow[]) =>
  withBom(
    formatRows(
      rows,
      [
        { header: 'hub_slug', value: (a) => a.hubSlug },
        { header: 'hub_name', value: (a) => a.hubName },
        { header: 'la_code', value: (a) => a.laCode },
        { header: 'la_name', value: (a) => a.laName },
        { header: 'district_code', value: (a) => a.districtCode },
        { header: 'district_name', value: (a) => a.districtName },
        { header: 'is_demonstration', value: (a) => a.isDemonstration },
      ],
      'csv',
    ),
  );
