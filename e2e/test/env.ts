// Where the system under test is; scripts/test.mjs sets these after starting it.
export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://localhost:8080';
export const MAILBOX_URL = process.env.E2E_MAILBOX_URL ?? 'http://127.0.0.1:1080';
export const GATEWAY_METRICS_URL = process.env.E2E_GATEWAY_METRICS_URL ?? 'http://127.0.0.1:8404/metrics';
export const WEB_CLIENT_SECRET = process.env.E2E_WEB_CLIENT_SECRET ?? 'local-web-client-secret';
export const API_CLIENT_SECRET = process.env.E2E_API_CLIENT_SECRET ?? 'local-api-client-secret';
export const SERVICE_PORTS: Record<string, string> = JSON.parse(
  process.env.E2E_SERVICE_PORTS ?? '{"auth":"8040","users":"8070","products":"8060","orders":"8050","emails":"8030"}',
);
