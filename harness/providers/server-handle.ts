import type { ServerHandle } from './types.ts';

/** The fields of a {@link ServerHandle} a provider supplies; `stop` need not be idempotent. */
export interface ServerHandleFields<K extends string> {
  readonly kind: K;
  readonly url: string;
  readonly description: string;
  readonly owned: boolean;
  readonly pid?: number | undefined;
  readonly stop: () => Promise<void>;
}

/**
 * Builds a {@link ServerHandle} whose `stop()` runs the provider's stop once: later and concurrent
 * calls return the same promise, so `stop()` is idempotent and `await using` works.
 */
export function createServerHandle<K extends string>(fields: ServerHandleFields<K>): ServerHandle<K> {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= fields.stop());
  return {
    kind: fields.kind,
    url: fields.url,
    description: fields.description,
    owned: fields.owned,
    pid: fields.pid,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
