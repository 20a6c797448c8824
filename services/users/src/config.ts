import { env, loadConfig, Type, type Static } from '@marketshare/service-kit';

export const UsersConfigSchema = Type.Object({
  USERS_PORT: env.port(8070),
  HOST: env.HOST,
  LOG_LEVEL: env.LOG_LEVEL,
  PUBLIC_URL: env.PUBLIC_URL,
  AUTH_URL: env.AUTH_URL,
  RABBITMQ_URL: env.RABBITMQ_URL,
  EMAIL_EXCHANGE: env.EMAIL_EXCHANGE,
  USERS_DATABASE_URL: env.url('mysql://root@127.0.0.1:3306/marketshare_users', 'MariaDB/MySQL database of the users service'),
  USERS_CLIENT_SECRET: env.secret('Secret of the users-service client (to ask auth to revoke tokens)'),
  BCRYPT_COST: Type.Integer({ minimum: 10, maximum: 15, default: 10, description: 'bcrypt work factor for new hashes' }),
  PROFILE_CACHE_MS: Type.Integer({
    minimum: 0,
    maximum: 60_000,
    default: 1000,
    description: 'How long a replica may show a profile read from its cache (0 turns the cache off)',
  }),
  MARKETPLACE_FEE_BPS: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 0,
    description: 'The marketplace’s fee on each delivered sale, in basis points (100 = 1%), rounded down',
  }),
  PASSWORD_RESETS_PER_ADDRESS: Type.Integer({
    minimum: 1,
    default: 10,
    description: '"Forgot my password" requests allowed per caller address per 15 minutes (then 429)',
  }),
  PASSWORD_RESETS_PER_ACCOUNT: Type.Integer({
    minimum: 1,
    default: 3,
    description: 'Reset links sent per account per 15 minutes (more requests answer alike and send nothing)',
  }),
  REGISTRATIONS_PER_MINUTE: Type.Integer({
    minimum: 1,
    default: 100,
    description: 'Registrations allowed per client and caller address per minute',
  }),
  REGISTRATION_ATTEMPTS_PER_USERNAME: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'Registration attempts allowed per username per minute',
  }),
  WELCOME_MAILS_PER_DOMAIN: Type.Integer({
    minimum: 0,
    default: 50,
    description: 'Welcome mails sent per recipient domain per hour; beyond it accounts are made without one',
  }),
});
export type UsersConfig = Static<typeof UsersConfigSchema>;

export const loadUsersConfig = (source: NodeJS.ProcessEnv): UsersConfig => loadConfig(UsersConfigSchema, source);
