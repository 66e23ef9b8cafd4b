// Every table of the platform, for Drizzle and drizzle-kit. Each module owns its own schema file.

export * from './modules/activities/schema.ts';
export * from './modules/auth/schema.ts';
export * from './modules/catalogue/schema.ts';
export * from './modules/communities/schema.ts';
export * from './modules/documents/schema.ts';
export * from './modules/evaluation/schema.ts';
export * from './modules/events/schema.ts';
export * from './modules/funding/schema.ts';
export * from './modules/hubs/schema.ts';
export * from './modules/journeys/schema.ts';
export * from './modules/llme/schema.ts';
export * from './modules/people/schema.ts';
export * from './modules/registration/schema.ts';
export * from './modules/reporting/schema.ts';
export * from './modules/schools/schema.ts';
export * from './modules/targeted-support/schema.ts';
export * from './platform/audit-schema.ts';
export * from './platform/data-versions-schema.ts';
export * from './platform/form-state-schema.ts';
export * from './platform/mail-schema.ts';
