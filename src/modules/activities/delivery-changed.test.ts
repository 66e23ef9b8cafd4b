import { describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { type DeliveryChange, deliveryChanged, onDeliveryChanged } from './delivery-changed.ts';

// This file imports no composition root: the hook starts with no subscriber.
const tx = {} as Executor;
const actor = systemActor('test');

describe('deliveryChanged', () => {
  it('refuses a change when nothing follows delivery (an entry point that forgot src/subscriptions.ts)', async () => {
    await expect(deliveryChanged(tx, actor, [1])).rejects.toThrow(/import src\/subscriptions\.ts/);
    // Nothing changed: nothing to tell, so nothing to refuse.
    await expect(deliveryChanged(tx, actor, [])).resolves.toBeUndefined();
  });

  it('tells each subscriber in turn, in the caller’s transaction; a name subscribed again is replaced', async () => {
    const told: string[] = [];
    const changes: DeliveryChange[] = [];
    const stops = [
      onDeliveryChanged('first', async (given, who, change) => {
        expect(given).toBe(tx);
        expect(who).toBe(actor);
        told.push('first');
        changes.push(change);
      }),
      onDeliveryChanged('second', async () => {
        told.push('second (replaced)');
      }),
      onDeliveryChanged('second', async () => {
        told.push('second');
      }),
    ];
    try {
      await deliveryChanged(tx, actor, [3, 4]);
      await deliveryChanged(tx, actor, { yearCode: '2023/24', hubIds: [7] });
      await deliveryChanged(tx, actor, { yearCode: '2023/24', hubIds: [] });
      expect(told).toEqual(['first', 'second', 'first', 'second']);
      expect(changes).toEqual([{ activityIds: [3, 4] }, { yearCode: '2023/24', hubIds: [7] }]);
    } finally {
      for (const stop of stops) stop();
    }
  });

  it('stops at a subscriber’s error, which the caller’s transaction rolls back on', async () => {
    const told: string[] = [];
    const stops = [
      onDeliveryChanged('failing', async () => {
        throw new Error('statement locked');
      }),
      onDeliveryChanged('after', async () => {
        told.push('after');
      }),
    ];
    try {
      await expect(deliveryChanged(tx, actor, [1])).rejects.toThrow('statement locked');
      expect(told).toEqual([]);
    } finally {
      for (const stop of stops) stop();
    }
    await expect(deliveryChanged(tx, actor, [1])).rejects.toThrow(/nothing follows it/);
  });
});
