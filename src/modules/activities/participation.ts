// How a participant took part in an activity, for other modules' pages (not the activities tables).
export { type ParticipationStatus, participationStatuses } from './schema.ts';
