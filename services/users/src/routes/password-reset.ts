import { hash } from '@node-rs/bcrypt';
import { usersApi as api } from '@marketshare/contracts';
import { addressKey, badRequest, HttpError, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { accountChangedMessage, passwordResetMessage } from '../domain/account-messages.js';
import { passwordProblem } from '../domain/passwords.js';
import { findPasswordAccount, queueEmail, setPasswordHash } from '../db/account-writes.js';
import { accountsNamed, issueResetToken, RESET_WINDOW_MS, spendResetToken } from '../db/password-resets.js';
import { hitLimit, type Limit } from '../db/rate-limits.js';
import { inTransaction } from '../db/store.js';
import type { UsersDeps } from '../deps.js';
import { tooManyRequests } from './registration.js';

const ACCEPTED = { message: 'If an account answers to this name or address, a link to set a new password is on its way.' };

/** "Forgot my password": a single-use link by e-mail, and setting a new password with it. */
export function passwordResetRoutes(app: ServiceApp, deps: UsersDeps): void {
  const { db, config } = deps;
  const perAddress: Limit = { name: 'password-reset-address', limit: config.PASSWORD_RESETS_PER_ADDRESS, windowMs: RESET_WINDOW_MS };

  /** Sends a link to every account the login names, within each account's limit. */
  async function sendLinks(login: string): Promise<void> {
    let queued = false;
    for (const account of await accountsNamed(db, login)) {
      await inTransaction(db, async (tx) => {
        const link = await issueResetToken(tx, account.id, config.PASSWORD_RESETS_PER_ACCOUNT);
        if (!link) return;
        await queueEmail(tx, passwordResetMessage(account, link.token, link.expiresAt, config.PUBLIC_URL), config.EMAIL_EXCHANGE);
        queued = true;
      });
    }
    if (queued) deps.outbox.notify();
  }

  app.post(
    api.requestPasswordReset.path,
    { schema: schemaOf(api.requestPasswordReset) },
    async (request, reply) => {
      // the address's own count, kept in the database so every replica enforces one limit
      const wait = await hitLimit(db, perAddress, addressKey(request.ip));
      if (wait) throw tooManyRequests(wait, 'password reset requests');
      // Whether an account exists decides only what happens after the answer, so neither the answer nor its timing
      // tells a stranger which logins are real.
      const login = request.body.login.trim();
      setImmediate(() => {
        sendLinks(login).catch((err: unknown) => request.log.error({ err: (err as Error).message }, 'sending a reset link failed'));
      });
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.post(
    api.resetPassword.path,
    { schema: schemaOf(api.resetPassword) },
    async (request, reply) => {
      const { token, newPassword } = request.body;
      const weak = passwordProblem(newPassword);
      if (weak) throw badRequest(`newPassword ${weak}`, [{ field: 'newPassword', message: weak, code: 'weak_password' }]);
      // hashed before the token is looked at: a wrong token takes as long as a right one
      const newHash = await hash(newPassword, config.BCRYPT_COST);
      await inTransaction(db, async (tx) => {
        const userId = await spendResetToken(tx, token);
        if (userId === undefined) {
          throw new HttpError(400, 'invalid_token', 'This link is not valid: it was used, has expired or never existed', [
            { field: 'token', message: 'is not valid', code: 'invalid_token' },
          ]);
        }
        await setPasswordHash(tx, userId, newHash);
        const account = await findPasswordAccount(tx, userId);
        if (account) await queueEmail(tx, accountChangedMessage(account, ['password'], config.PUBLIC_URL), config.EMAIL_EXCHANGE);
        // before the commit: when auth cannot end the sessions, the new password is not set either (503)
        await deps.revokeTokens(userId);
      });
      deps.outbox.notify();
      return reply.status(204).send(null);
    },
  );
}
