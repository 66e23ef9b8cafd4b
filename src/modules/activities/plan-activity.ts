import { eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearBounds, formatDate } from '../../platform/dates.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import { catalogueStatus } from '../catalogue/publication.ts';
import { type NcpType, ncps, ncpTypeNames } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import {
  type ContinuingResult,
  enrolContinuingParticipants,
} from '../registration/enrol-continuing-participants.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { type ActivityKind, activityKindNames, hubActivities } from './schema.ts';

/** The kinds of activity each type of NCP is run as. */
export const kindsForNcpType: Record<NcpType, readonly ActivityKind[]> = {
  work_group: ['work_group'],
  programme: ['programme_cohort'],
  community: ['community'],
  intensive_support: ['targeted_support'],
  research_innovation: ['work_group'],
};

export interface PlanActivityInput {
  hubId: number;
  yearCode: string;
  ncpId: number;
  kind: ActivityKind;
  title: string;
  startsOn: string;
  endsOn: string;
}

/** Checks that dates are in order and the activity starts in its academic year. */
export function activityDateProblems(yearCode: string, startsOn: string, endsOn: string) {
  const problems: { field: string; message: string }[] = [];
  const year = academicYearBounds(yearCode);
  if (startsOn < year.startsOn || startsOn > year.endsOn) {
    problems.push({
      field: 'startsOn',
      message: `The start date must be in ${yearCode}: between ${formatDate(year.startsOn)} and ${formatDate(year.endsOn)}`,
    });
  }
  if (endsOn < startsOn) {
    problems.push({ field: 'endsOn', message: 'The end date must be the same as or after the start date' });
  }
  return problems;
}

/**
 * Plans an activity of a hub under an NCP of the year's catalogue (the route has checked the person may
 * plan the hub's activities). A group of a programme's second phase enrols those who registered for both
 * years on the first (`continuing`): their emails are queued in the same transaction and sent by the mail
 * queue once it has committed.
 */
export async function planActivity(
  db: Executor,
  actor: Actor,
  input: PlanActivityInput,
  deps: { mailer: Mailer },
): Promise<{ id: number; continuing: ContinuingResult }> {
  const planned = await db.transaction(async (tx) => {
    const result = await planIn(tx, actor, input);
    for (const mail of result.continuing.mails) await deps.mailer.queue(tx, mail);
    return result;
  });
  deps.mailer.kick();
  return planned;
}

async function planIn(
  tx: Executor,
  actor: Actor,
  input: PlanActivityInput,
): Promise<{ id: number; continuing: ContinuingResult }> {
  const [hub] = await tx.select().from(hubs).where(eq(hubs.id, input.hubId));
  if (!hub) throw new NotFoundError('There is no such hub');
  const [ncp] = await tx.select().from(ncps).where(eq(ncps.id, input.ncpId));
  const problems: { field: string; message: string }[] = [];
  if ((await catalogueStatus(tx, input.yearCode)).status === 'draft') {
    // A draft catalogue is the national team's until they publish it.
    throw new ValidationError([
      {
        field: 'ncpId',
        message: `The ${input.yearCode} catalogue has not been published yet: you can plan under it once the NCETM publishes it`,
      },
    ]);
  }
  if (!ncp || ncp.yearCode !== input.yearCode) {
    problems.push({ field: 'ncpId', message: `Choose a project from the ${input.yearCode} catalogue` });
  } else if (!kindsForNcpType[ncp.type].includes(input.kind)) {
    const allowed = kindsForNcpType[ncp.type].map((k) => activityKindNames[k]).join(' or ');
    problems.push({
      field: 'kind',
      message: `${ncp.code} is a ${ncpTypeNames[ncp.type]} project: choose ${allowed}`,
    });
  }
  problems.push(...activityDateProblems(input.yearCode, input.startsOn, input.endsOn));
  if (problems.length) throw new ValidationError(problems);
  const [row] = await tx
    .insert(hubActivities)
    .values({
      hubId: hub.id,
      ncpId: input.ncpId,
      yearCode: input.yearCode,
      kind: input.kind,
      title: input.title,
      status: 'planned',
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    })
    .returning({ id: hubActivities.id });
  await recordEvent(tx, actor, {
    action: 'activity.planned',
    subjectType: 'hub_activity',
    subjectId: row!.id,
    hubId: hub.id,
    changes: {
      ncp: ncp!.code,
      yearCode: input.yearCode,
      kind: input.kind,
      title: input.title,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    },
  });
  const continuing = await enrolContinuingParticipants(
    tx,
    actor,
    {
      id: row!.id,
      hubId: hub.id,
      yearCode: input.yearCode,
      title: input.title,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    },
    ncp!,
    hub,
  );
  // Its grant (and its continuing participants') on the hub's statement, as of now.
  await deliveryChanged(tx, actor, [row!.id]);
  return { id: row!.id, continuing };
}
