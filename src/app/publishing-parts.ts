import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PublishingPlatform } from '../core/publishing/index.js';
import type { PlatformPublisher } from '../core/publishing/index.js';
import { loadBlueskyPublisher, loadMastodonPublisher } from '../adapters/publishing/index.js';

/** This process's name on the claims it takes: host, pid, and a random tail (pids are reused). */
export function processClaimant(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Whether the holder of a claim still runs. Only a process on this host can
 * be checked (signal 0); for any other host the answer is "alive" and the
 * claim's lease decides.
 */
export function isClaimantAlive(claimant: string): boolean {
  const [host, pidText] = claimant.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The platforms' client libraries are large: each loads on first use. */
export async function loadPublisher(platform: PublishingPlatform): Promise<PlatformPublisher> {
  if (platform === 'bluesky') {
    const { BlueskyPublisher } = await loadBlueskyPublisher();
    return new BlueskyPublisher();
  }
  const { MastodonPublisher } = await loadMastodonPublisher();
  return new MastodonPublisher();
}
