import type { Logger } from '../ports';
import type { FetchLike } from './deps';

/**
 * Posts `{ text }` (Slack-compatible) to the webhook, if one is set. Never throws: a webhook that
 * fails is logged, it does not fail the launch or terminate that triggered it.
 */
export async function postWebhook(fetchImpl: FetchLike, url: string | null, text: string, logger: Logger, timeoutMs = 5_000): Promise<void> {
  if (!url) return;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) logger.warn('instances: webhook answered an error', { status: response.status });
  } catch (error) {
    logger.warn('instances: webhook failed', { error: error instanceof Error ? error.message : String(error) });
  }
}
