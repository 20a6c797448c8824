// The dev mailbox that catches every e-mail (maildev), as npm start and the tests run it: maildev's own command line,
// with two fixes.
// - It keeps the newest MAILBOX_KEEP (5,000) e-mails and deletes older ones, where maildev keeps every one in memory
//   (2 GB after a purchase benchmark's 14,000 orders).
// - maildev 2.2 ignores a client's connection reset only while it reads; a reset while it writes (an emails replica
//   stopped or killed mid-conversation, as the replica tests do) is thrown and ends the mailbox. A client that went
//   away is that client's business: the mailbox keeps serving the others.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
const mailServer = load('maildev/lib/mailserver');
const onSmtpError = mailServer.onSmtpError;
mailServer.onSmtpError = (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
  onSmtpError(err);
};

const KEEP = Number(process.env.MAILBOX_KEEP ?? 5_000);
mailServer.on('new', () => {
  mailServer.getAllEmail((_, all) => {
    if (all.length > KEEP) mailServer.deleteEmail(all[0].id, () => undefined);
  });
});

const MailDev = load('maildev');
new MailDev().listen();
