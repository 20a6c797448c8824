import { createServiceApp, registerInternalRoutes, type ServiceApp } from '@marketshare/service-kit';
import type { UsersDeps } from './deps.js';
import { fundsRoutes } from './routes/funds.js';
import { internalBalanceRoutes } from './routes/internal-balance.js';
import { internalUserRoutes } from './routes/internal-users.js';
import { ledgerRoutes } from './routes/ledger.js';
import { meRoutes } from './routes/me.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { passwordRoutes } from './routes/password.js';
import { referenceListRoutes } from './routes/reference-lists.js';
import { registrationRoutes } from './routes/registration.js';
import { userRoutes } from './routes/users.js';

/** The users HTTP app over stores it is given, so tests build it with real ones. */
export async function buildApp(deps: UsersDeps): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'users',
    description: 'Accounts, profiles, reference lists and the ledger of everybody’s money',
    logLevel: deps.config.LOG_LEVEL,
    auth: { jwksUrl: `${deps.config.AUTH_URL}/.well-known/jwks.json`, issuer: deps.config.PUBLIC_URL },
    // The broker is deliberately not a readiness condition: the outbox keeps messages while RabbitMQ is away.
    readiness: { database: deps.ping },
  });
  registrationRoutes(app, deps);
  meRoutes(app, deps);
  passwordRoutes(app, deps);
  passwordResetRoutes(app, deps);
  fundsRoutes(app, deps);
  ledgerRoutes(app, deps);
  userRoutes(app, deps);
  referenceListRoutes(app, deps);
  await registerInternalRoutes(app, (internal) => {
    internalUserRoutes(internal, deps);
    internalBalanceRoutes(internal, deps);
  });
  return app;
}
