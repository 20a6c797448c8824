import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Parses a dotenv file: KEY=value lines, # comments, optional quotes. */
export function parseEnvFile(path) {
  const out = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

/** `.env` if present, else `.env.example`; the process environment wins over both. */
export function loadEnv(extra = {}) {
  const file = existsSync(`${root}/.env`) ? `${root}/.env` : `${root}/.env.example`;
  return { ...parseEnvFile(file), ...extra, ...pickDefined(process.env) };
}

function pickDefined(env) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * Limits for a system the end-to-end tests drive: every journey and the fuzzer register, log in and ask for reset
 * links from one address, all at example.com, whose welcome mails the mailbox tests read. The limits themselves are
 * proved by the services' own tests at their defaults.
 */
export const E2E_LIMITS = {
  LOGIN_FAILURES_PER_WINDOW: '50',
  LOGIN_FAILURES_PER_ADDRESS: '500',
  REGISTRATIONS_PER_MINUTE: '1000',
  PASSWORD_RESETS_PER_ADDRESS: '1000',
  WELCOME_MAILS_PER_DOMAIN: '100000',
};
