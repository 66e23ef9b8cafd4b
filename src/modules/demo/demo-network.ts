import { areaKey } from '../hubs/area-rules.ts';
import type { HubAreaInput } from '../hubs/import-hub-areas.ts';
import { demonstrationAreas } from './demonstration-areas.ts';
import type { DemoDistrict, DemoSchool } from './generate-schools.ts';
import type { ReferenceNetwork } from './reference-data.ts';

/** The hub whose staff are the demo accounts' shortcuts: its area is known, with a county split by district. */
export const SHOWCASE_HUB = 'east-midlands-west';

/** The known areas and the demonstration ones: every local authority in the area of a hub. */
export function demoHubAreas(reference: ReferenceNetwork): HubAreaInput[] {
  const districtNames = new Map(reference.districts.map((d) => [d.code, d.name]));
  const made = Object.entries(demonstrationAreas).flatMap(([hubSlug, areas]) =>
    areas.map((area) => {
      const [laCode, districtCode] = typeof area === 'string' ? [area, null] : area;
      return {
        hubSlug,
        laCode,
        districtCode,
        districtName: districtCode ? (districtNames.get(districtCode) ?? null) : null,
        isDemonstration: true,
      };
    }),
  );
  return [...reference.knownAreas, ...made];
}

/**
 * What is wrong with the coverage of a network, if anything: each local authority must be in one
 * hub's area as a whole (the rest of it when other hubs take districts), each district area must be
 * a district of its authority held by a hub other than the one with the whole, and each hub needs
 * an area.
 */
export function coverageProblems(
  localAuthorityCodes: string[],
  districts: DemoDistrict[],
  hubSlugs: string[],
  areas: HubAreaInput[],
): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const area of areas) {
    const key = areaKey(area);
    if (keys.has(key)) problems.push(`${key} is in two areas`);
    keys.add(key);
    if (!localAuthorityCodes.includes(area.laCode)) problems.push(`${area.laCode} is not a local authority`);
    if (!hubSlugs.includes(area.hubSlug)) problems.push(`${area.hubSlug} is not a hub`);
  }
  for (const code of localAuthorityCodes) {
    const whole = areas.filter((a) => a.laCode === code && !a.districtCode);
    if (whole.length !== 1) problems.push(`${code} is in ${whole.length} hubs' areas as a whole`);
    for (const part of areas.filter((a) => a.laCode === code && a.districtCode)) {
      if (!districts.some((d) => d.laCode === code && d.code === part.districtCode)) {
        problems.push(`${part.districtCode} is not a district of ${code}`);
      }
      if (whole[0]?.hubSlug === part.hubSlug)
        problems.push(`${part.hubSlug} has ${code} whole and a district of it`);
    }
  }
  for (const slug of hubSlugs) {
    if (!areas.some((a) => a.hubSlug === slug)) problems.push(`${slug} has no area`);
  }
  return problems;
}

/** The hub serving a school: a district area first, else the whole authority. */
export function hubOfSchool(
  areas: HubAreaInput[],
  school: Pick<DemoSchool, 'laCode' | 'districtCode'>,
): string | null {
  const district = areas.find((a) => a.laCode === school.laCode && a.districtCode === school.districtCode);
  return (district ?? areas.find((a) => a.laCode === school.laCode && !a.districtCode))?.hubSlug ?? null;
}

/** The open state-funded schools each hub serves. */
export function schoolsByHub(areas: HubAreaInput[], schools: DemoSchool[]): Map<string, DemoSchool[]> {
  const byHub = new Map<string, DemoSchool[]>();
  for (const school of schools) {
    if (!school.isOpen || !school.isStateFunded) continue;
    const hub = hubOfSchool(areas, school);
    if (!hub) continue;
    const list = byHub.get(hub) ?? [];
    list.push(school);
    byHub.set(hub, list);
  }
  return byHub;
}

/** For a hub whose lead school no source names: the largest secondary school it serves. */
export function demoLeadSchool(served: DemoSchool[]): DemoSchool | null {
  const secondaries = served.filter((s) => s.phase === 'secondary' && s.statusName === 'Open');
  return (
    secondaries.sort((a, b) => (b.numberOfPupils ?? 0) - (a.numberOfPupils ?? 0) || a.urn - b.urn)[0] ?? null
  );
}
