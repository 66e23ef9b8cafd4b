import { describe, expect, it } from 'vitest';
import { ServiceBusyError } from './errors.ts';
import { busyMessage, Slots } from './upload-limits.ts';

const later = () => {
  let done!: () => void;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
  });
  return { promise, done };
};

describe('reading a bounded number of files at once', () => {
  it('runs at most `size` tasks at once; the next waits its turn', async () => {
    const slots = new Slots(2, 1000, 10);
    const gates = [later(), later(), later()];
    let running = 0;
    let most = 0;
    const tasks = gates.map((gate) =>
      slots.run(async () => {
        running++;
        most = Math.max(most, running);
        await gate.promise;
        running--;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([slots.inUse, slots.waiting]).toEqual([2, 1]);
    for (const gate of gates) gate.done();
    await Promise.all(tasks);
    expect(most).toBe(2);
    expect([slots.inUse, slots.waiting]).toEqual([0, 0]);
  });

  it('tells a task that waited too long, or found the queue full, that the service is busy', async () => {
    const slots = new Slots(1, 50, 1);
    const gate = later();
    const first = slots.run(() => gate.promise);
    const waited = slots.run(async () => 'ran');
    await expect(slots.run(async () => 'ran')).rejects.toThrow(ServiceBusyError);
    await expect(waited).rejects.toThrow(busyMessage);
    gate.done();
    await first;
    expect(await slots.run(async () => 'ran')).toBe('ran');
    expect([slots.inUse, slots.waiting]).toEqual([0, 0]);
  });

  it('frees its place when a task fails', async () => {
    const slots = new Slots(1, 50, 1);
    await expect(
      slots.run(async () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await slots.run(async () => 'ran')).toBe('ran');
  });
});
