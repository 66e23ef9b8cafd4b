/** The nine regions of England (ONS codes), as GIAS and the DfE name them. */
export const englishRegions = [
  { code: 'E12000001', name: 'North East' },
  { code: 'E12000002', name: 'North West' },
  { code: 'E12000003', name: 'Yorkshire and The Humber' },
  { code: 'E12000004', name: 'East Midlands' },
  { code: 'E12000005', name: 'West Midlands' },
  { code: 'E12000006', name: 'East of England' },
  { code: 'E12000007', name: 'London' },
  { code: 'E12000008', name: 'South East' },
  { code: 'E12000009', name: 'South West' },
] as const;

export type RegionCode = (typeof englishRegions)[number]['code'];

export const regionName = (code: string): string | undefined =>
  englishRegions.find((r) => r.code === code)?.name;
