import redis from "redis";

export type RedisClient = ReturnType<typeof redis.createClient>;

/**
 * Connects to the Redis server at url (redis://host:port/db) and checks that
 * it answers, so a wrong REDIS_URL fails at start-up rather than on the first
 * request. Later, commands fail fast while the connection is down instead of
 * queueing (callers fail open) and the client reconnects by itself.
 */
export async function connectRedis(url: string): Promise<RedisClient> {
  const client = redis.createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
    },
  });
  let connected = false;
  const failure = new Promise<never>((_, reject) => {
    client.on("error", (error: Error) => {
      if (!connected) reject(error);
    });
  });
  try {
    await Promise.race([client.connect(), failure]);
    await client.ping();
    connected = true;
  } catch (error) {
    await client.disconnect().catch(() => {});
    throw error;
  }
  return client;
}
