import { hash, verify } from '@node-rs/bcrypt';
import { usersApi as api } from '@marketshare/contracts';
import { badRequest, currentUser, HttpError, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { accountChangedMessage } from '../domain/account-messages.js';
import { passwordProblem } from '../domain/passwords.js';
import { findPasswordAccount, queueEmail, setPasswordHash } from '../db/account-writes.js';
import { hitLimit, type Limit } from '../db/rate-limits.js';
import { inTransaction } from '../db/store.js';
import type { UsersDeps } from '../deps.js';
import { tooManyRequests } from './registration.js';

export function passwordRoutes(app: ServiceApp, deps: UsersDeps): void {
  const { db, config } = deps;
  // a stolen access token must not become a way to guess the password behind it; counted in the database, so
  // every replica spends the one budget
  const attempts: Limit = { name: 'password-change', limit: 10, windowMs: 15 * 60_000 };

  app.put(
    api.changePassword.path,
    { preHandler: app.guards.user, schema: schemaOf(api.changePassword) },
    async (request, reply) => {
      const me = currentUser(request);
      const { currentPassword, newPassword } = request.body;
      const wait = await hitLimit(db, attempts, String(me.id));
      if (wait) throw tooManyRequests(wait, 'password changes');
      const account = await findPasswordAccount(db, me.id);
      if (!account) throw notFound('User');
      if (!(await verify(currentPassword, account.passwordHash))) {
        throw new HttpError(403, 'wrong_password', 'The current password is wrong', [{ field: 'currentPassword', message: 'is wrong', code: 'wrong_password' }]);
      }
      const weak = passwordProblem(newPassword) ?? (newPassword === currentPassword ? 'must differ from the current password' : undefined);
      if (weak) throw badRequest(`newPassword ${weak}`, [{ field: 'newPassword', message: weak, code: 'weak_password' }]);

      const newHash = await hash(newPassword, config.BCRYPT_COST);
      await inTransaction(db, async (tx) => {
        await setPasswordHash(tx, me.id, newHash);
        const message = accountChangedMessage(account, ['password'], config.PUBLIC_URL);
        await queueEmail(tx, message, config.EMAIL_EXCHANGE);
        // Every other session ends before the commit: when auth cannot do it the change rolls back (503), rather
        // than leaving a new password while sessions opened under the old one keep working. This one stays.
        await deps.revokeTokens(me.id, me.sid);
      });
      deps.outbox.notify();
      return reply.status(204).send(null);
    },
  );
}
