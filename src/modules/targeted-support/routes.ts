import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerReferralImportRoutes } from './import-routes.ts';
import { registerTargetedSupportListRoutes } from './list-routes.ts';
import { registerPartnershipRoutes } from './partnership-routes.ts';
import { registerReferralRoutes } from './referral-routes.ts';

/** Targeted Support in Mathematics (issue 16): referrals, partnerships, handovers and their lists. */
export function registerTargetedSupportRoutes(app: FastifyInstance, services: Services): void {
  registerTargetedSupportListRoutes(app, services);
  registerReferralRoutes(app, services);
  registerReferralImportRoutes(app, services);
  registerPartnershipRoutes(app, services);
}
