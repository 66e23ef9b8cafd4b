import type { FastifyReply } from 'fastify';
import type { HubChoice } from './choose-hub.ts';

/**
 * A hub page whose person has not chosen a hub yet (national staff): the list of hubs to choose from,
 * each a link to the page for that hub. Returns null when a hub is chosen, so the page goes on.
 */
export function askForHub(
  reply: FastifyReply,
  choice: HubChoice,
  page: { pageTitle: string; action: string },
): FastifyReply | null {
  if (choice.hub) return null;
  return reply.render('modules/hubs/views/choose-hub.njk', { ...page, hubs: choice.options });
}
