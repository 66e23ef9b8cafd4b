/**
 * The rules of hub areas. An area is a local authority, or one district of it. A district area takes
 * that district from a hub covering the whole authority (East Midlands West takes Ashfield and
 * Broxtowe; the rest of Nottinghamshire is another hub's), so each (authority, district) pair belongs
 * to one hub at most.
 */
export interface AreaRef {
  laCode: string;
  districtCode: string | null;
}

export const areaKey = (area: AreaRef) => `${area.laCode}|${area.districtCode ?? ''}`;

export const describeArea = (laName: string, districtName: string | null) =>
  districtName ? `${districtName} (${laName})` : laName;

export const districtCodePattern = /^E07\d{6}$/;

export interface OwnedArea extends AreaRef {
  hubId: number;
  hubName: string;
}

/**
 * Why a hub may not take an area, or null if it may: the area belongs to a hub already, or the hub
 * covers the whole authority and the district would add nothing.
 */
export function areaConflict(
  hubId: number,
  area: AreaRef & { description: string; laName: string },
  owned: OwnedArea[],
): string | null {
  const holder = owned.find((o) => areaKey(o) === areaKey(area));
  if (holder) {
    return holder.hubId === hubId
      ? `${area.description} is already in this hub's area`
      : `${area.description} is already in the area of ${holder.hubName}`;
  }
  if (
    area.districtCode &&
    owned.some((o) => o.hubId === hubId && o.laCode === area.laCode && !o.districtCode)
  ) {
    return `This hub already covers the whole of ${area.laName}`;
  }
  return null;
}
