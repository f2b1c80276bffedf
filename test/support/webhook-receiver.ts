// The server's HTTP side as a webhook receiver that trusts a key of the test's own: a fresh RSA key pair, a key server
// publishing its public half, and the HTTP runtime reading that key server, on a random Redis prefix removed by
// `stop()`. For tests and benches that sign their own deliveries instead of letting the sandbox send them.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import { startHttpRuntime, type HttpRuntime } from '@pb/server/http-runtime';
import { REDIS_URL, removePrefix } from './redis';
import { newSigningKey, serveKeys, type KeyServer, type SigningKey } from './signing';

export interface WebhookReceiver {
  http: HttpRuntime;
  /** `${http.url}/webhooks/contentstack` */
  webhookUrl: string;
  /** The key the key server publishes as `signing-key`. */
  signing: SigningKey;
  keys: KeyServer;
  prefix: string;
  redis: Redis;
  /** Removes the prefix's keys and closes the runtime, the key server and the connection (close queues first). */
  stop(): Promise<void>;
}

export async function startWebhookReceiver(
  options: { prefixStem: string; env?: Record<string, string> } = { prefixStem: 'pbhook' },
): Promise<WebhookReceiver> {
  const signing = newSigningKey();
  const keys = await serveKeys({ 'signing-key': signing.publicPem });
  const prefix = `${options.prefixStem}${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    PORT: '0',
    REDIS_URL,
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: prefix,
    CONTENTSTACK_PUBLIC_KEYS_URL: keys.url,
    ...options.env,
  });
  const http = await startHttpRuntime(config, createLogger(config, 'test'));
  const redis = new Redis(REDIS_URL);
  return {
    http,
    webhookUrl: `${http.url}/webhooks/contentstack`,
    signing,
    keys,
    prefix,
    redis,
    async stop() {
      await removePrefix(redis, prefix);
      await http.close();
      await keys.close();
      redis.disconnect();
    },
  };
}
