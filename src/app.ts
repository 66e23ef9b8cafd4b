import type { FastifyInstance } from 'fastify';
import { registerActivityRoutes } from './modules/activities/routes.ts';
import { registerAuthApiRoutes } from './modules/auth/api-routes.ts';
import { principalForApiToken, principalForSession } from './modules/auth/load-principal.ts';
import { registerAuthRoutes } from './modules/auth/routes.ts';
import { registerBulkRoutes } from './modules/bulk/routes.ts';
import { registerCatalogueRoutes } from './modules/catalogue/routes.ts';
import { registerCommunityRoutes } from './modules/communities/routes.ts';
import { createBlobStore } from './modules/documents/store.ts';
import { registerEvaluationRoutes } from './modules/evaluation/routes.ts';
import { registerEventRoutes } from './modules/events/routes.ts';
import { registerFundingRoutes } from './modules/funding/routes.ts';
import { registerHomeRoutes } from './modules/home/routes.ts';
import { registerHubRoutes } from './modules/hubs/routes.ts';
import { registerJourneyRoutes } from './modules/journeys/routes.ts';
import { registerLlmeRoutes } from './modules/llme/routes.ts';
import { registerAccreditationApiRoutes } from './modules/people/accreditation-api-routes.ts';
import { registerPeopleRoutes } from './modules/people/routes.ts';
import { registerPrivacyRoutes } from './modules/privacy/routes.ts';
import { registerDeclineInterestRoutes } from './modules/registration/decline-interest-routes.ts';
import { registerRegistrationRoutes } from './modules/registration/routes.ts';
import { registerReportingApiRoutes } from './modules/reporting/api-routes.ts';
import { registerReportingRoutes } from './modules/reporting/routes.ts';
import { registerSchoolApiRoutes } from './modules/schools/api-routes.ts';
import { registerRegisterRoutes } from './modules/schools/register-routes.ts';
import { registerSchoolRoutes } from './modules/schools/routes.ts';
import { registerTargetedSupportRoutes } from './modules/targeted-support/routes.ts';
import { registerApiDocs } from './platform/api-docs.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/database.ts';
import { setUpErrors } from './platform/http/errors.ts';
import { setUpForms } from './platform/http/forms.ts';
import { setUpLimits } from './platform/http/limits.ts';
import { setUpPageCache } from './platform/http/page-cache.ts';
import { setUpPrincipal } from './platform/http/principal.ts';
import { setUpSecurity } from './platform/http/security.ts';
import { createServer } from './platform/http/server.ts';
import { setUpStaticFiles, setUpViews } from './platform/http/views.ts';
import { createMailer } from './platform/mail.ts';
import { createQueue } from './platform/queue.ts';
import type { Services } from './platform/services.ts';
import { createViews } from './platform/views.ts';
// Which module follows which (delivery → funding): wired before any request can write.
import './subscriptions.ts';

/** Builds the services from a database: the one place that wires the platform together. */
export function buildServices(config: Config, db: Database, overrides: Partial<Services> = {}): Services {
  return {
    config,
    db,
    mailer:
      overrides.mailer ??
      createMailer(db, {
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        // Without SMTP in development and test, the outbox page shows a developer the sign-in code.
        revealSecretsInOutbox: !config.isProduction,
      }),
    queue: overrides.queue ?? createQueue(db),
    documentStore: overrides.documentStore ?? createBlobStore(config, db),
  };
}

/**
 * The composition root of the web app: the platform's HTTP set-up (src/platform/http/), in the order
 * its hooks must run, then every module's routes.
 */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config, db } = services;
  const views = createViews({ watch: config.NODE_ENV === 'development' });
  const app = createServer(config, views);
  // The queue stops with the app (a process that never started it has nothing to stop).
  app.addHook('onClose', () => services.queue.stop());
  await setUpSecurity(app, config);
  await setUpStaticFiles(app);
  setUpLimits(app, config, db);
  setUpPrincipal(app, {
    fromApiToken: (token) => principalForApiToken(db, token),
    fromSession: (sessionId) => principalForSession(db, sessionId),
  });
  const forms = setUpForms(app, config, db);
  const pageHtml = setUpViews(app, config, views, forms);
  setUpPageCache(app, config, pageHtml);
  setUpErrors(app);
  await setUpRoutes(app, services);
  return app;
}

/** Every module's routes (and the API's documentation). */
async function setUpRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await registerApiDocs(app);
  registerHomeRoutes(app, services);
  registerAuthRoutes(app, services);
  registerAuthApiRoutes(app, services);
  registerSchoolRoutes(app, services);
  registerRegisterRoutes(app, services);
  registerSchoolApiRoutes(app, services);
  registerHubRoutes(app, services);
  registerPeopleRoutes(app, services);
  registerCatalogueRoutes(app, services);
  registerActivityRoutes(app, services);
  registerRegistrationRoutes(app, services);
  registerDeclineInterestRoutes(app, services);
  registerJourneyRoutes(app, services);
  registerReportingRoutes(app, services);
  registerReportingApiRoutes(app, services);
  registerAccreditationApiRoutes(app, services);
  registerBulkRoutes(app, services);
  registerFundingRoutes(app, services);
  registerEventRoutes(app, services);
  registerEvaluationRoutes(app, services);
  registerTargetedSupportRoutes(app, services);
  registerLlmeRoutes(app, services);
  registerCommunityRoutes(app, services);
  registerPrivacyRoutes(app, services);
}
