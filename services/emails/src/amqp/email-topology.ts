import type { Channel } from 'amqplib';
import type { EmailTopology } from '../domain/topology.js';

// Creates (and, for tests and benchmarks only, removes) the broker objects named in domain/topology.ts.

/** Declares exchanges, queues and bindings; idempotent, so it runs on every (re)connect. */
export async function declareTopology(channel: Channel, t: EmailTopology): Promise<void> {
  await channel.assertExchange(t.exchange, 'direct', { durable: true });
  // fanout: whatever the routing key, a dead letter lands in the one dead-letter queue
  await channel.assertExchange(t.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(t.deadLetterQueue, { durable: true });
  await channel.bindQueue(t.deadLetterQueue, t.deadLetterExchange, '');
  for (const work of t.work) {
    // A message the broker itself rejects (nack without requeue) is dead-lettered too.
    await channel.assertQueue(work.queue, { durable: true, arguments: { 'x-dead-letter-exchange': t.deadLetterExchange } });
    await channel.bindQueue(work.queue, t.exchange, work.type);
    for (const retry of work.retries) {
      // Nobody consumes a retry queue: the message waits out the TTL and dead-letters back to its work queue.
      await channel.assertQueue(retry.queue, {
        durable: true,
        arguments: { 'x-message-ttl': retry.delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': work.queue },
      });
    }
  }
}

/**
 * Removes everything `declareTopology` created. Production never calls it; test stacks and benchmarks use
 * their own names and clean up after themselves, since durable queues outlive the processes that made them.
 */
export async function deleteTopology(channel: Channel, t: EmailTopology): Promise<void> {
  for (const work of t.work) {
    for (const retry of work.retries) await channel.deleteQueue(retry.queue);
    await channel.deleteQueue(work.queue);
  }
  await channel.deleteQueue(t.deadLetterQueue);
  await channel.deleteExchange(t.exchange);
  await channel.deleteExchange(t.deadLetterExchange);
}
