import { Type, env, loadConfig, type Static } from '@marketshare/service-kit';

export const AuthConfigSchema = Type.Object({
  AUTH_PORT: env.port(8040),
  HOST: env.HOST,
  LOG_LEVEL: env.LOG_LEVEL,
  PUBLIC_URL: env.PUBLIC_URL,
  USERS_URL: env.USERS_URL,
  AUTH_DATABASE_URL: env.url('postgresql://postgres@127.0.0.1:5432/marketshare_auth', 'PostgreSQL URL of the auth database'),
  ACCESS_TOKEN_TTL: Type.Integer({ minimum: 30, maximum: 86400, default: 900, description: 'Access token lifetime, seconds' }),
  REFRESH_TOKEN_TTL: Type.Integer({ minimum: 300, maximum: 90 * 86400, default: 30 * 86400, description: 'Refresh token lifetime, seconds' }),
  /** Optional Ed25519 private key (PKCS#8 PEM); when absent a key is generated on first start and kept in the database. */
  AUTH_SIGNING_KEY: Type.Optional(Type.String({ minLength: 40 })),
  WEB_CLIENT_SECRET: env.secret('Secret of the marketshare-web client'),
  API_CLIENT_SECRET: env.secret('Secret of the marketshare-api client'),
  USERS_CLIENT_SECRET: env.secret('Secret of the users-service client'),
  PRODUCTS_CLIENT_SECRET: env.secret('Secret of the products-service client'),
  ORDERS_CLIENT_SECRET: env.secret('Secret of the orders-service client'),
  EMAILS_CLIENT_SECRET: env.secret('Secret of the emails-service client'),
  LOGIN_FAILURES_PER_WINDOW: Type.Integer({ minimum: 1, default: 10, description: 'Failed logins per username and client per 15 minutes' }),
  LOGIN_FAILURES_PER_ADDRESS: Type.Integer({
    minimum: 1,
    default: 100,
    description: 'Failed logins per client and end-user address (an IPv6 /64) per 15 minutes, over all usernames',
  }),
  REFRESH_FAILURES_PER_WINDOW: Type.Integer({
    minimum: 1,
    default: 20,
    description: 'Refused refresh tokens per client and end-user address (an IPv6 /64) per window',
  }),
  REFRESH_FAILURE_WINDOW: Type.Integer({ minimum: 1, maximum: 86400, default: 900, description: 'The refresh failure window, seconds' }),
});
export type AuthConfig = Static<typeof AuthConfigSchema>;

export const loadAuthConfig = (source: NodeJS.ProcessEnv): AuthConfig => loadConfig(AuthConfigSchema, source);
