import type { MessageContext } from './messages.ts';
import type { Membership } from './spaces.ts';

/**
 * Who may do what in communities (issue 18). Every route is open to anyone signed in; the record rule is
 * membership of the space (the SQL function `community_space_members`): a space, thread, message or file
 * of a space someone is not in is "not found" to them.
 */

/** Pinning a thread, adding guests: the space's leads. */
export const canLead = (m: Membership) => m.isMember && m.isLead;

/** Deleting a message: its author and the space's leads. */
export const canDelete = (m: Membership, message: MessageContext, personId: number) =>
  m.isMember && (message.authorPersonId === personId || m.isLead);

/** Marking the answer: the thread's author and the space's leads. */
export const canMarkAnswer = (m: Membership, message: MessageContext, personId: number) =>
  m.isMember && (message.threadAuthorPersonId === personId || m.isLead);

/** Deleting a space's document: whoever uploaded it, the space's leads, and a national administrator (a member). */
export const canDeleteDocument = (
  m: Membership,
  document: { createdByPersonId: number | null },
  principal: { personId: number; isNationalAdmin: boolean },
) =>
  m.isMember && (document.createdByPersonId === principal.personId || m.isLead || principal.isNationalAdmin);
