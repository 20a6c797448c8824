// The dev mailbox that catches every e-mail (maildev), as npm start and the tests run it: maildev's own command line,
// with one fix. maildev 2.2 ignores a client's connection reset only while it reads; a reset while it writes (an
// emails replica stopped or killed mid-conversation, as the replica tests do) is thrown and ends the mailbox. A
// client that went away is that client's business: the mailbox keeps serving the others.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
const mailServer = load('maildev/lib/mailserver');
const onSmtpError = mailServer.onSmtpError;
mailServer.onSmtpError = (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
  onSmtpError(err);
};

const MailDev = load('maildev');
new MailDev().listen();
