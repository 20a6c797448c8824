import { Type, env, loadConfig, type Static } from '@marketshare/service-kit';

/** The orders service's environment (docs/internals.md), validated once at start-up. */
export const OrdersConfigSchema = Type.Object({
  ORDERS_PORT: env.port(8050),
  HOST: env.HOST,
  LOG_LEVEL: env.LOG_LEVEL,
  PUBLIC_URL: env.PUBLIC_URL,
  AUTH_URL: env.AUTH_URL,
  USERS_URL: env.USERS_URL,
  PRODUCTS_URL: env.PRODUCTS_URL,
  RABBITMQ_URL: env.RABBITMQ_URL,
  EMAIL_EXCHANGE: env.EMAIL_EXCHANGE,
  ORDERS_DATABASE_URL: env.url(
    'postgresql://postgres@127.0.0.1:5432/marketshare_orders',
    'PostgreSQL database of orders and reviews',
  ),
  ORDERS_CLIENT_SECRET: env.secret('Client secret of orders-service, for service tokens to call products and users'),
  PRODUCT_CACHE_MS: Type.Integer({
    minimum: 0,
    maximum: 60_000,
    default: 1000,
    description: 'How long a product read for a purchase serves later purchases (0 reads it for each one)',
  }),
  MAX_TIME_TO_PROGRESS: Type.Number({
    minimum: 0,
    maximum: 30 * 24 * 3600,
    default: 600,
    description: 'Upper bound, in seconds, of the random delay before each status step of an accepted order',
  }),
});
export type OrdersConfig = Static<typeof OrdersConfigSchema>;

export const loadOrdersConfig = (source: NodeJS.ProcessEnv): OrdersConfig => loadConfig(OrdersConfigSchema, source);
