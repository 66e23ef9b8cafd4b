import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { hubs } from '../hubs/schema.ts';
import { ensureRole } from './add-people.ts';
import { roleInvitations, roleNames } from './schema.ts';

/**
 * Records a role offered to someone outside the inviter's scope. Logged without a hub, so that the
 * inviting hub's event log says nothing about who the email belongs to.
 */
export async function recordRoleInvitation(
  tx: Executor,
  actor: Actor,
  input: {
    personId: number;
    role: (typeof roleInvitations.$inferInsert)['role'];
    hubId: number | null;
    schoolUrn: number | null;
    ncpKey?: string | null;
    laCode?: string | null;
    title: string | null;
  },
): Promise<void> {
  const [row] = await tx
    .insert(roleInvitations)
    .values({ ...input, invitedByPersonId: actor.personId })
    .returning({ id: roleInvitations.id });
  await recordEvent(tx, actor, {
    action: 'role.invited',
    subjectType: 'person',
    subjectId: input.personId,
    hubId: null,
    changes: { invitationId: row!.id, role: input.role, hubId: input.hubId, schoolUrn: input.schoolUrn },
  });
}

export interface InvitationView {
  id: number;
  roleName: string;
  hubName: string | null;
  title: string | null;
  createdAt: Date;
}

/** A person's own invitations not yet answered. */
export async function listOwnInvitations(db: Executor, personId: number): Promise<InvitationView[]> {
  const rows = await db
    .select({
      id: roleInvitations.id,
      role: roleInvitations.role,
      hubName: hubs.name,
      title: roleInvitations.title,
      createdAt: roleInvitations.createdAt,
    })
    .from(roleInvitations)
    .leftJoin(hubs, eq(hubs.id, roleInvitations.hubId))
    .where(and(eq(roleInvitations.personId, personId), isNull(roleInvitations.answeredAt)))
    .orderBy(asc(roleInvitations.createdAt));
  return rows.map(({ role, ...r }) => ({ ...r, roleName: roleNames[role] }));
}

/**
 * The invited person answers their own invitation: accepting gives them the role from today (their own
 * action: from then on the hub sees them); declining gives nothing. Anyone else's invitation, or one
 * already answered, is not found.
 */
export async function answerInvitation(
  db: Database,
  actor: Actor,
  input: { personId: number; invitationId: number; accept: boolean },
): Promise<{ roleName: string; hubName: string | null }> {
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(roleInvitations)
      .where(
        and(
          eq(roleInvitations.id, input.invitationId),
          eq(roleInvitations.personId, input.personId),
          isNull(roleInvitations.answeredAt),
        ),
      )
      .for('update');
    if (!invitation) throw new NotFoundError('There is no such invitation');
    await tx
      .update(roleInvitations)
      .set({ answeredAt: sql`now()`, accepted: input.accept })
      .where(eq(roleInvitations.id, invitation.id));
    const [hub] = invitation.hubId
      ? await tx.select({ name: hubs.name }).from(hubs).where(eq(hubs.id, invitation.hubId))
      : [];
    const answer = { roleName: roleNames[invitation.role], hubName: hub?.name ?? null };
    await recordEvent(tx, actor, {
      action: input.accept ? 'role.invitation_accepted' : 'role.invitation_declined',
      subjectType: 'person',
      subjectId: input.personId,
      hubId: input.accept ? invitation.hubId : null,
      changes: { invitationId: invitation.id },
    });
    if (!input.accept) return answer;
    await ensureRole(tx, actor, {
      personId: input.personId,
      role: invitation.role,
      hubId: invitation.hubId,
      schoolUrn: invitation.schoolUrn,
      ncpKey: invitation.ncpKey,
      laCode: invitation.laCode,
      title: invitation.title,
      reason: 'Accepted the hub’s invitation',
      logged: { invitationId: invitation.id },
    });
    return answer;
  });
}
