import { describe, expect, it } from 'vitest';
import {
  canMoveActivity,
  completeByClosing,
  isOpenActivity,
  statusChangeProblem,
  statusChoices,
} from './activity-status.ts';

describe('the activity status machine', () => {
  it('runs planned → running → completed, and cancels a planned or running activity', () => {
    expect(canMoveActivity('planned', 'running')).toBe(true);
    expect(canMoveActivity('running', 'completed')).toBe(true);
    expect(canMoveActivity('planned', 'cancelled')).toBe(true);
    expect(canMoveActivity('running', 'cancelled')).toBe(true);
  });

  it('refuses to skip running, to go back, or to leave a final status', () => {
    expect(canMoveActivity('planned', 'completed')).toBe(false);
    expect(canMoveActivity('running', 'planned')).toBe(false);
    expect(canMoveActivity('completed', 'running')).toBe(false);
    expect(canMoveActivity('cancelled', 'planned')).toBe(false);
    expect(statusChangeProblem('planned', 'completed')).toBe(
      'A planned activity can only become running or cancelled',
    );
    expect(statusChangeProblem('completed', 'cancelled')).toBe(
      'The activity is completed: its status cannot change',
    );
  });

  it('treats keeping the same status as no change', () => {
    expect(statusChangeProblem('running', 'running')).toBeNull();
    expect(statusChoices('running')).toEqual(['running', 'cancelled']);
    expect(statusChoices('cancelled')).toEqual(['cancelled']);
  });

  it('leaves completion to the year-end close: an edit cannot complete an activity', () => {
    expect(statusChangeProblem('running', 'completed')).toBe(completeByClosing);
    expect(statusChoices('running')).not.toContain('completed');
    expect(statusChoices('completed')).toEqual(['completed']);
  });

  it('lets leads, schools and sessions be added only while planned or running', () => {
    expect(isOpenActivity('planned')).toBe(true);
    expect(isOpenActivity('running')).toBe(true);
    expect(isOpenActivity('completed')).toBe(false);
    expect(isOpenActivity('cancelled')).toBe(false);
  });
});
