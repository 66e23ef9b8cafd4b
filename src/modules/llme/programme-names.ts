import type { ApplicationStatus, DevelopmentProgramme } from './schema.ts';

export { type ApplicationStatus, type DevelopmentProgramme, developmentProgrammes } from './schema.ts';

/** The development programmes as the NCETM names them. */
export const programmeNames: Record<DevelopmentProgramme, string> = {
  mastery_specialist: 'Primary Mastery Specialist programme',
  secondary_mastery_specialist: 'Secondary Mastery Specialist programme',
  post_16_mastery_specialist: 'Post-16 Mastery Specialist programme',
  pd_lead: 'Professional Development Lead programme',
  school_development_lead: 'School Development Lead programme',
};

/** Where an application is, as its page and list say it. */
export const statusNames: Record<ApplicationStatus, string> = {
  awaiting_hub: 'Waiting for the hub',
  awaiting_decision: 'Sponsored: waiting for the national team',
  not_sponsored: 'Not sponsored',
  declined: 'Declined',
  enrolled: 'Enrolled',
  completed: 'Completed',
};

/** The GOV.UK tag colour of each status. */
export const statusTagClasses: Record<ApplicationStatus, string> = {
  awaiting_hub: 'govuk-tag--yellow',
  awaiting_decision: 'govuk-tag--blue',
  not_sponsored: 'govuk-tag--grey',
  declined: 'govuk-tag--grey',
  enrolled: 'govuk-tag--turquoise',
  completed: 'govuk-tag--green',
};
