import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { Ajv } from 'ajv';

/** Thrown when the environment is missing or has a bad variable; the message names each one. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The schema keyword that marks a variable as a secret (its value is never printed, and production refuses local ones). */
const SECRET_KEYWORD = 'x-marketshare-secret';
/** The local defaults of .env.example all start so; production must never run with one. */
const LOCAL_SECRET = /^local-/;

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: false });

/** Reads the variables a schema names from `env`, applying defaults and coercing numbers and booleans. */
export function loadConfig<P extends TProperties>(schema: TObject<P>, env: NodeJS.ProcessEnv = process.env): Static<TObject<P>> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const validate = ajv.compile(schema);
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => {
      const name = e.instancePath.replace(/^\//, '') || (e.params as { missingProperty?: string }).missingProperty || '?';
      // the value itself is never shown: it may be a secret or a URL with a password in it
      return `${name}: ${e.message}`;
    });
    throw new ConfigError(problems);
  }
  // NODE_ENV is production on a developer's machine too, so production is said explicitly (the cluster's config)
  if (env.MARKETSHARE_ENV === 'production') {
    const local = Object.entries(schema.properties)
      .filter(([key, s]) => (s as Record<string, unknown>)[SECRET_KEYWORD] === true && typeof raw[key] === 'string' && LOCAL_SECRET.test(raw[key]))
      .map(([key]) => `${key}: is the local default; production needs a secret of its own`);
    if (local.length) throw new ConfigError(local);
  }
  return raw as Static<TObject<P>>;
}

const url = (def: string, description: string) => Type.String({ default: def, pattern: '^[a-z][a-z0-9+.-]*://', description });
const port = (def: number) => Type.Integer({ minimum: 0, maximum: 65535, default: def });

/** Variables several services share; a service spreads the ones it reads into its own schema. */
export const env = {
  port,
  url,
  HOST: Type.String({ default: '0.0.0.0' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), {
    default: 'info',
  }),
  PUBLIC_URL: url('http://localhost:8080', 'Public base URL of the gateway: token issuer and e-mail links'),
  AUTH_URL: url('http://127.0.0.1:8040', 'Auth service base URL inside the deployment'),
  USERS_URL: url('http://127.0.0.1:8070', 'Users service base URL inside the deployment'),
  PRODUCTS_URL: url('http://127.0.0.1:8060', 'Products service base URL inside the deployment'),
  ORDERS_URL: url('http://127.0.0.1:8050', 'Orders service base URL inside the deployment'),
  RABBITMQ_URL: url('amqp://guest:guest@127.0.0.1:5672', 'RabbitMQ connection URL'),
  EMAIL_EXCHANGE: Type.String({ default: 'emails', pattern: '^[\\w.-]+$', description: 'Exchange for e-mail messages' }),
  /** A secret: in production (`MARKETSHARE_ENV=production`) the local default of .env.example is refused. */
  secret: (description: string) => Type.String({ minLength: 8, description, [SECRET_KEYWORD]: true }),
};
