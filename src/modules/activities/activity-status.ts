import type { ActivityStatus } from './schema.ts';

/**
 * An activity's life: planned → running → completed, or cancelled while planned or running.
 * Completed and cancelled are final. Staying in the same status is not a move.
 */
export const activityTransitions: Record<ActivityStatus, readonly ActivityStatus[]> = {
  planned: ['running', 'cancelled'],
  running: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export const activityStatusNames: Record<ActivityStatus, string> = {
  planned: 'Planned',
  running: 'Running',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const canMoveActivity = (from: ActivityStatus, to: ActivityStatus): boolean =>
  activityTransitions[from].includes(to);

/**
 * The statuses an activity in `from` may be given in its edit form or through the API (its own first):
 * not completed, which only the year-end close gives (close-activity.ts), once registers and outcomes are in.
 */
export const statusChoices = (from: ActivityStatus): ActivityStatus[] => [
  from,
  ...activityTransitions[from].filter((s) => s !== 'completed'),
];

/** Why completing an activity by editing it is refused: the year-end close does it. */
export const completeByClosing =
  'An activity is completed only by closing it at the end of its year, once its registers are taken and every school’s and participant’s outcome is recorded';

/**
 * Why a change of status by an edit (the form or the API) is refused, or null when it is allowed (or no
 * change). Completion is not an edit: it goes through the year-end close.
 */
export function statusChangeProblem(from: ActivityStatus, to: ActivityStatus): string | null {
  if (from === to) return null;
  if (to === 'completed' && canMoveActivity(from, to)) return completeByClosing;
  if (canMoveActivity(from, to)) return null;
  if (!activityTransitions[from].length) {
    return `The activity is ${activityStatusNames[from].toLowerCase()}: its status cannot change`;
  }
  const allowed = activityTransitions[from].map((s) => activityStatusNames[s].toLowerCase()).join(' or ');
  return `A ${activityStatusNames[from].toLowerCase()} activity can only become ${allowed}`;
}

/** Leads, schools and sessions are added while an activity is planned or running. */
export const isOpenActivity = (status: ActivityStatus) => status === 'planned' || status === 'running';
