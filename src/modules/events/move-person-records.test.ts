import { describe, expect, it } from 'vitest';
import { placeToKeep } from './move-person-records.ts';
import type { PlaceStatus } from './schema.ts';

const place = (id: number, status: PlaceStatus, requested: string) => ({
  id,
  status,
  requested_at: new Date(requested),
});

describe('which of two places at one event a merge keeps', () => {
  it('keeps the place saying more: attended, absent, confirmed, waiting, cancelled', () => {
    expect(placeToKeep(place(1, 'confirmed', '2024-01-01'), place(2, 'attended', '2024-01-02')).id).toBe(2);
    expect(placeToKeep(place(1, 'absent', '2024-01-02'), place(2, 'confirmed', '2024-01-01')).id).toBe(1);
    expect(placeToKeep(place(1, 'waiting', '2024-01-01'), place(2, 'confirmed', '2024-01-02')).id).toBe(2);
    expect(placeToKeep(place(1, 'cancelled', '2024-01-01'), place(2, 'waiting', '2024-01-02')).id).toBe(2);
  });
  it('on the same state keeps the earlier request (the better place on the waiting list), then the first', () => {
    expect(placeToKeep(place(1, 'waiting', '2024-01-02'), place(2, 'waiting', '2024-01-01')).id).toBe(2);
    expect(placeToKeep(place(1, 'waiting', '2024-01-01'), place(2, 'waiting', '2024-01-01')).id).toBe(1);
  });
});
