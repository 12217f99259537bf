import { createMemoryCancelRegistry, type CancelKey, type CancelRegistry } from '@exai/mcp';
import type { Redis } from 'ioredis';
import { redisChannel } from '../redis/connect-redis.js';

export interface RedisCancelRegistryOptions {
  /** A client from `connectRedis`; the registry opens one more connection for its subscription. */
  redis: Redis;
  /** The channel cancels are published on; the client's key prefix is put in front. Default `cancel`. */
  channel?: string;
  /** Receives one line when Redis becomes unreachable and one when it is back. */
  log?: (line: string) => void;
}

interface CancelMessage {
  key: CancelKey;
  reason: string;
}

/**
 * A cancel registry shared by every replica on one Redis. A cancel whose call runs in this
 * process is delivered at once; any other is published on a channel every replica subscribes to,
 * so it reaches the call's replica within milliseconds. Each replica remembers a cancel that found
 * no call for a minute, in case its request arrives after it.
 *
 * While Redis is unreachable cancels still reach calls on the same replica (never blocked on
 * Redis); the outage is logged once, and its end once. ioredis reconnects and resubscribes itself.
 */
export async function createRedisCancelRegistry({
  redis,
  channel: channelName = 'cancel',
  log = () => {},
}: RedisCancelRegistryOptions): Promise<CancelRegistry> {
  const local = createMemoryCancelRegistry();
  const channel = redisChannel(redis, channelName);
  const subscriber = redis.duplicate();
  subscriber.on('error', () => {});
  subscriber.on('message', function onCancelMessage(from: string, text: string) {
    if (from !== channel) return;
    const message = parseCancelMessage(text);
    if (message !== undefined) local.deliver(message.key, message.reason);
  });
  try {
    await subscriber.connect();
    await subscriber.subscribe(channel);
  } catch (error) {
    subscriber.disconnect();
    throw error;
  }

  let unreachable = false;
  return {
    watch: (key, onCancel) => local.watch(key, onCancel),
    async cancel(key, reason) {
      if (local.deliver(key, reason)) return;
      try {
        await redis.publish(channel, JSON.stringify({ key, reason } satisfies CancelMessage));
        if (unreachable) log('exai: Redis is reachable again: cancels reach every replica');
        unreachable = false;
      } catch (error) {
        if (!unreachable) {
          log(
            `exai: Redis is unreachable (${error instanceof Error ? error.message : String(error)}): ` +
              'a cancel reaches a call only on the replica that received it, until Redis is back',
          );
        }
        unreachable = true;
      }
    },
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}

function parseCancelMessage(text: string): CancelMessage | undefined {
  try {
    const value = JSON.parse(text) as Partial<CancelMessage>;
    const key = value.key;
    if (
      typeof value.reason !== 'string' ||
      typeof key?.tenantId !== 'string' ||
      typeof key.clientId !== 'string' ||
      (typeof key.requestId !== 'string' && typeof key.requestId !== 'number')
    )
      return undefined;
    return {
      key: { tenantId: key.tenantId, clientId: key.clientId, requestId: key.requestId },
      reason: value.reason,
    };
  } catch {
    return undefined;
  }
}
