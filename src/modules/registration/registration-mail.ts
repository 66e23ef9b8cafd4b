import type { OutgoingMail } from '../../platform/mail.ts';
import { normaliseEmail } from './rules.ts';

/**
 * The email to an ECT's mentor: what the ECT committed to, the sessions and the pathway. The seed
 * evaluation (000) found that mentors did not know what their ECTs were doing, so could not follow up
 * the tasks between sessions; it recommends updating mentors with the CPD plan.
 */
export function mentorMailFor(input: {
  mentor: { name: string | null; email: string };
  participantName: string;
  schoolName: string;
  yearGroups: string[];
  activity: { title: string; yearCode: string };
  ncp: { code: string; title: string };
  hub: { name: string };
  commitment: string[];
  pathway: string[];
}): OutgoingMail {
  const { participantName: who, activity, ncp, hub } = input;
  return {
    to: normaliseEmail(input.mentor.email),
    subject: `${who} is registered for ${activity.title}: you are their mentor`,
    text: [
      `Dear ${input.mentor.name ?? 'mentor'},`,
      '',
      `${who} (${input.schoolName}) is registered for ${activity.title}, run by ${hub.name} in ${activity.yearCode}. It is part of ${ncp.title} (${ncp.code}). They named you as their mentor.`,
      '',
      'We are writing so that you know what they are doing, can talk with them about what they learn, and can give them the chance to follow up the tasks set between sessions.',
      ...(input.yearGroups.length ? ['', `Year groups they teach: ${input.yearGroups.join(', ')}.`] : []),
      '',
      'What they committed to',
      '',
      ...input.commitment,
      '',
      'Their pathway: what comes next',
      '',
      ...input.pathway,
      '',
      `If you have questions about the programme, reply to ${hub.name}.`,
      '',
      hub.name,
    ].join('\n'),
  };
}

/** The email to a registered participant: their commitment, their pathway and their mentor, if any. */
export function registeredMailFor(input: {
  person: { email: string; givenName: string };
  activity: { title: string; yearCode: string };
  ncp: { code: string; title: string };
  hub: { name: string };
  commitment: string[];
  pathway: string[];
  mentorName: string | null;
  mentorEmail: string | null;
}): OutgoingMail {
  const { person, activity, ncp, hub } = input;
  return {
    to: normaliseEmail(person.email),
    subject: `You are registered for ${activity.title}`,
    text: [
      `Dear ${person.givenName},`,
      '',
      `You are registered for ${activity.title}, run by ${hub.name} in ${activity.yearCode}. It is part of ${ncp.title} (${ncp.code}).`,
      '',
      'Your commitment',
      '',
      ...input.commitment,
      '',
      'Your pathway: what comes next',
      '',
      ...input.pathway,
      ...(input.mentorName ? ['', `Your mentor: ${input.mentorName} (${input.mentorEmail}).`] : []),
      '',
      'You can see your programmes, attendance and pathway when you sign in, under My programmes.',
      '',
      hub.name,
    ].join('\n'),
  };
}
