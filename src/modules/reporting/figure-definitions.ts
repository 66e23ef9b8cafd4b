/**
 * The names and written definitions of the annual report's figures: one text per figure, shown beside
 * it on the page, in the exports and the API, and copied into docs/definitions.md. The SQL that counts
 * them is annual-figures.ts (and the journeys module's definitions it builds on).
 */

/** Teaching for Mastery began with schools in 2015/16: the start of the cumulative count. */
export const TFM_FIRST_YEAR = '2015/16';

/** The ambition: at least 50 active LLMEs in every hub, 2,000 nationally (seed 001); not Mastery Specialists. */
export { ACTIVE_LLME_AMBITION as LLMES_PER_HUB_AMBITION } from '../journeys/active-llmes.ts';

export type PhaseGroup = 'primary' | 'secondary' | 'post_16' | 'other';
export const phaseGroupNames: Record<PhaseGroup, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  post_16: 'Post-16 institutions',
  other: 'All-through, special and other',
};

/** The SKTM programmes of the report, by the catalogue strands of their NCPs (both phases of the ECT programmes). */
export const sktmProgrammeStrands = {
  early_years: ['sktm-early-years'],
  primary_teachers: ['sktm-primary-teachers'],
  primary_tas: ['sktm-primary-teaching-assistants'],
  primary_ects: ['sktm-primary-ect-phase-1', 'sktm-primary-ect-phase-2'],
  secondary_ects: ['sktm-secondary-ect-phase-1', 'sktm-secondary-ect-phase-2'],
  secondary_non_specialist: ['sktm-secondary-non-specialist'],
  secondary_tas: ['sktm-secondary-teaching-assistants'],
  core_maths: ['sktm-core-maths'],
} as const;
export type SktmProgramme = keyof typeof sktmProgrammeStrands;
export const sktmProgrammeNames: Record<SktmProgramme, string> = {
  early_years: 'Early Years Teachers',
  primary_teachers: 'Primary Teachers',
  primary_tas: 'Primary Teaching Assistants',
  primary_ects: 'Primary Early Career Teachers',
  secondary_ects: 'Secondary Early Career Teachers',
  secondary_non_specialist: 'Secondary Non-specialist Teachers',
  secondary_tas: 'Secondary Teaching Assistants',
  core_maths: 'Core Maths Teachers',
};
export const primarySktm: SktmProgramme[] = [
  'early_years',
  'primary_teachers',
  'primary_tas',
  'primary_ects',
];

/** The LLME development programmes (NCP23-01 to 05 and 21), by strand. */
export const developmentProgrammeStrands = {
  primary_mastery_specialists: ['primary-mastery-specialists'],
  secondary_mastery_specialists: ['secondary-mastery-specialists'],
  post_16_mastery_specialists: ['post-16-mastery-specialists'],
  pd_leads: ['pd-lead-programme'],
  sd_leads: ['school-development-lead-programme'],
} as const;
export type DevelopmentProgramme = keyof typeof developmentProgrammeStrands;
export const developmentProgrammeNames: Record<DevelopmentProgramme, string> = {
  primary_mastery_specialists: 'Primary Mastery Specialists',
  secondary_mastery_specialists: 'Secondary Mastery Specialists',
  post_16_mastery_specialists: 'Post-16 (GCSE/FSQ) Mastery Specialists',
  pd_leads: 'Professional Development Leads',
  sd_leads: 'School Development Leads',
};

export const stageNames = ['Mastery Readiness', 'Development', 'Embedding', 'Sustaining'] as const;

/** Shared wording, so that each rule is written once. */
const TOOK_PART =
  'took part (the school’s completion of the activity is recorded, or someone enrolled with the school attended at least one of its sessions or has a recorded completion)';
const CURRENT =
  'Schools are counted once, by their current URN: a school that converted to an academy counts as the academy.';

export const definitions = {
  engaged:
    `A state-funded school is engaged in the year when it ${TOOK_PART} in an activity of that year (any Maths Hub). Signing up is not engagement. ` +
    `${CURRENT} The percentage is of the state-funded schools open at some time in the year (by current URN).`,
  engagedPhase:
    'Engaged schools (as above) by the phase of the current school on the register: primary, secondary and post-16 institutions (16 to 19 schools and colleges); all-through, special and other schools are counted in the total only.',
  post16Institutions: `Institutions of the post-16 phase (16 to 19 schools and colleges, state-funded or not) that ${TOOK_PART} in an activity of the year, and schools with a sixth form that took part in post-16 work (an activity of an NCP for post-16 and not primary: GCSE resit and Level 2, A level and Core Maths Work Groups, Core Maths SKTM, Post-16 Mastery Specialists). An 11 to 16 school is not counted, whatever it took part in.`,
  primaryTfm: `Primary schools that ${TOOK_PART} in a Teaching for Mastery Work Group of the year (an NCP that completes a stage: Mastery Readiness, Development, Embedding or Sustaining), counted once at the highest stage. ${CURRENT}`,
  secondaryTfm: `Secondary schools that ${TOOK_PART} in a secondary Teaching for Mastery Work Group of the year, by the highest stage. "Embedding or Sustaining" adds the two. ${CURRENT}`,
  masteringNumber: `Schools that ${TOOK_PART} in an activity of a Mastering Number NCP of the year: KS2 when the NCP says KS2, Reception and KS1 when it says Reception or KS1. ${CURRENT}`,
  sktm: 'Participants (people; a merged duplicate counts once) enrolled in a cohort of the SKTM programme in the year who took part: attended at least one session or have a recorded completion. Primary and Secondary Early Career Teachers count Phase 1 and Phase 2 together.',
  llmes:
    'LLMEs leading hub activity in the year: holding the LLME role with a hub at some time in the year and leading an activity of that hub and year (Work Group, Cohort or Community Lead; not cancelled) or holding a hub leadership role there. The ambition is at least 50 active LLMEs in every hub (2,000 nationally).',
  masterySpecialists:
    'People with a recorded primary, secondary or post-16 Mastery Specialist accreditation awarded by the end of the year (or undated), per hub by the LLME role they held in the year. Counted apart from active LLMEs.',
  developmentStarts:
    'LLMEs starting a development programme: participants in the Primary, Secondary or Post-16 Mastery Specialist programmes or the Professional Development or School Development Lead programmes whose first taking part (attended at least one session, or a recorded completion) in that programme is in the year. An earlier registration without attendance does not count as a start.',
  post16Specialists:
    'Participants starting the Post-16 GCSE/FSQ Mastery Specialist Programme in the year (as for development programmes above).',
  targetedSupport: `Schools with a Targeted Support partnership in the year (a referral accepted for Intensive support, whatever its phase; referrals alone are not counted), and, for records made before partnerships, schools signed up (not withdrawn or deferred) to a Targeted Support activity that holds no partnership. ${CURRENT}`,
  riwgs:
    'Research and Innovation Work Groups: activities of the year, not cancelled, of an NCP of the research-and-innovation strand. Schools in RIWGs: schools that took part in one (as for Teaching for Mastery).',
  ncps: 'The Network Collaborative Projects of the year’s catalogue (codes NCPyy-…); a two-phase programme’s second phase (the next NCP of its first) is not counted again.',
  hubs: 'Maths Hubs that ran at least one activity in the year (not cancelled).',
  cumulativeTfm: `Schools that ${TOOK_PART} in a Teaching for Mastery Work Group in any year from 2015/16 to the year. ${CURRENT}`,
} as const;
export type DefinitionKey = keyof typeof definitions;
