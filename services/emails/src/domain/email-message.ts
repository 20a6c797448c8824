import { FormatRegistry } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import {
  AccountChangedMessage,
  AccountNewMessage,
  MESSAGE_TYPES,
  OrderCancelledMessage,
  OrderCreatedMessage,
  OrderDeliveredMessage,
  OrderRejectedMessage,
  ReviewNewMessage,
  SaleCancelledMessage,
  SaleDeliveredMessage,
  SaleNewMessage,
  PasswordResetMessage,
  WithdrawalMadeMessage,
  type EmailMessage,
  type MessageType,
} from '@marketshare/contracts';

// Turns a message body into a typed EmailMessage, or says exactly why it cannot be one. Every rejection here is
// permanent: the same bytes will never parse, so the consumer dead-letters them instead of retrying.

// TypeBox checks `format` only through its registry, which starts empty.
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)));
}

// Compiled once: checking is on the hot path of every message.
const CHECKS: Record<MessageType, TypeCheck<any>> = {
  ACCOUNT_NEW: TypeCompiler.Compile(AccountNewMessage),
  ACCOUNT_CHANGED: TypeCompiler.Compile(AccountChangedMessage),
  ORDER_CREATED: TypeCompiler.Compile(OrderCreatedMessage),
  ORDER_REJECTED: TypeCompiler.Compile(OrderRejectedMessage),
  ORDER_DELIVERED: TypeCompiler.Compile(OrderDeliveredMessage),
  ORDER_CANCELLED: TypeCompiler.Compile(OrderCancelledMessage),
  SALE_NEW: TypeCompiler.Compile(SaleNewMessage),
  SALE_CANCELLED: TypeCompiler.Compile(SaleCancelledMessage),
  SALE_DELIVERED: TypeCompiler.Compile(SaleDeliveredMessage),
  REVIEW_NEW: TypeCompiler.Compile(ReviewNewMessage),
  WITHDRAWAL_MADE: TypeCompiler.Compile(WithdrawalMadeMessage),
  PASSWORD_RESET: TypeCompiler.Compile(PasswordResetMessage),
};
const LINK_FIELDS = [
  'loginUrl',
  'profileUrl',
  'orderUrl',
  'cancelUrl',
  'reviewUrl',
  'receiptUrl',
  'statementUrl',
  'resetUrl',
  'saleUrl',
  'fundsUrl',
  'productUrl',
] as const;
// Every real message is a few hundred bytes; anything this big is a producer bug, not an e-mail to render.
const MAX_BODY_BYTES = 64 * 1024;
// It becomes the mail's Message-ID and the dedupe key: a uuid fits; spaces, brackets and line breaks do not.
const MESSAGE_ID = /^[\w.:-]{8,200}$/;
// One address, no display name or list: the name travels separately and is quoted by the mailer.
const ADDRESS = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]{1,255}$/;

export type ParsedMessage = { ok: true; message: EmailMessage } | { ok: false; error: string };

export const isMessageType = (t: unknown): t is MessageType => MESSAGE_TYPES.includes(t as MessageType);

/** Parses `content` received on the queue of `queueType`. */
export function parseEmailMessage(content: Buffer, queueType: MessageType): ParsedMessage {
  if (content.length > MAX_BODY_BYTES) return { ok: false, error: `body of ${content.length} bytes exceeds ${MAX_BODY_BYTES}` };
  let data: unknown;
  try {
    data = JSON.parse(content.toString('utf8'));
  } catch (e) {
    return { ok: false, error: `body is not JSON: ${(e as Error).message}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, error: 'body is not a JSON object' };
  const type = (data as { type?: unknown }).type;
  if (!isMessageType(type)) return { ok: false, error: `unknown type ${JSON.stringify(type)}` };
  if (type !== queueType) return { ok: false, error: `type ${type} arrived with routing key ${queueType}` };

  const check = CHECKS[type];
  if (!check.Check(data)) {
    const first = check.Errors(data).First();
    return { ok: false, error: first ? `${first.path || '/'}: ${first.message}` : 'does not match the message schema' };
  }
  const message = data as EmailMessage;
  if (!MESSAGE_ID.test(message.messageId)) return { ok: false, error: '/messageId: not 8-200 of [A-Za-z0-9_.:-]' };
  if (!ADDRESS.test(message.to.email)) return { ok: false, error: '/to/email: not a single e-mail address' };
  for (const field of LINK_FIELDS) {
    const link = (message as Partial<Record<(typeof LINK_FIELDS)[number], string>>)[field];
    if (link !== undefined && !isWebLink(link)) return { ok: false, error: `/${field}: not an http(s) URL` };
  }
  return { ok: true, message };
}

// Links land in href attributes: anything but an absolute http(s) URL (javascript:, data:, relative) is refused.
function isWebLink(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
