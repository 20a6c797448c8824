import { MESSAGE_TYPES, type MessageType } from '@marketshare/contracts';

// The broker objects this service owns, named in one place so the consumer, the tests and the benchmark agree.
//
//   exchange (direct) ──TYPE──▶ <prefix>emails.<TYPE>                       work queue, one per message type
//   <prefix>emails.<TYPE>.retry.<ms>ms   ──TTL expires──▶ back to the work queue (through the default exchange)
//   <exchange>.dlx (fanout) ──▶ <prefix>emails.dead-letter                 kept for a person to inspect or replay
//
// Named durable queues (not the original's server-named ones) keep every message published while the service
// is down. A retry queue's name carries its delay, because RabbitMQ refuses to redeclare a queue with another
// TTL: changing EMAIL_RETRY_DELAYS_MS simply creates new queues while the old ones drain.

export interface RetryQueue {
  delayMs: number;
  queue: string;
}
export interface WorkQueue {
  type: MessageType;
  queue: string;
  retries: RetryQueue[];
}
export interface EmailTopology {
  exchange: string;
  deadLetterExchange: string;
  deadLetterQueue: string;
  work: WorkQueue[];
}

export function emailTopology(exchange: string, queuePrefix: string, retryDelaysMs: readonly number[]): EmailTopology {
  return {
    exchange,
    deadLetterExchange: `${exchange}.dlx`,
    deadLetterQueue: `${queuePrefix}emails.dead-letter`,
    work: MESSAGE_TYPES.map((type) => {
      const queue = `${queuePrefix}emails.${type}`;
      return { type, queue, retries: retryDelaysMs.map((delayMs) => ({ delayMs, queue: `${queue}.retry.${delayMs}ms` })) };
    }),
  };
}
