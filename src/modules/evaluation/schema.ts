// The evaluation module's tables (issue 15): HAPPI forms, surveys, visits and evaluation reports.
export * from './happi-schema.ts';
export * from './report-schema.ts';
export * from './survey-schema.ts';
export * from './visit-schema.ts';
