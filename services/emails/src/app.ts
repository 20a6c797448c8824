import { createServiceApp, type ServiceApp } from '@marketshare/service-kit';
import type { EmailsDeps } from './deps.js';

/**
 * The emails service's HTTP side: only the kit's /healthz, /readyz and /metrics. Its work arrives through
 * RabbitMQ; there are no routes and so no auth option.
 */
export function buildApp(deps: EmailsDeps): Promise<ServiceApp> {
  return createServiceApp({
    name: 'emails',
    description: 'Renders and sends the e-mails asked for on the emails exchange',
    logLevel: deps.config.LOG_LEVEL,
    readiness: {
      broker: async () => {
        if (!deps.brokerConnected()) throw new Error('not connected to RabbitMQ');
      },
      smtp: deps.smtpReachable,
      database: deps.databaseReachable,
    },
  });
}
