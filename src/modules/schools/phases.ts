// The phases of schools as GIAS names them, for other modules' pages (not the schools table).
export { type SchoolPhase, schoolPhases } from './schema.ts';
