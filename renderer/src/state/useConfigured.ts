import { useEffect, useRef, useState } from 'react';
import type { MethodName, Params, Result } from '../../../shared/api';
import type { DeskClient } from '../transport';

/** Methods that take no parameters and answer from the desk's configuration. */
type ConfigMethod = Extract<MethodName, 'config.get' | 'map.source'>;

/**
 * Something the desk's configuration decides, asked on mount and again
 * whenever the configuration changes (the engine says so with
 * `fleet.changed`). `pick` keeps only what the caller needs, so an answer
 * that changes something else does not render the caller again. Until the
 * first answer, and after a failed one (the reason goes to the log), the
 * value is `fallback`.
 */
export function useConfigured<M extends ConfigMethod, T>(
  client: DeskClient,
  method: M,
  pick: (answer: Result<M>) => T,
  fallback: T,
): T {
  const [value, setValue] = useState<T>(fallback);
  const latestPick = useRef(pick);
  latestPick.current = pick;
  useEffect(() => {
    let alive = true;
    const load = () =>
      client.request(method, {} as Params<M>).then(
        (answer) => alive && setValue(latestPick.current(answer)),
        (error: unknown) => console.warn(error instanceof Error ? error.message : String(error)),
      );
    void load();
    const off = client.on('fleet.changed', () => void load());
    return () => {
      alive = false;
      off();
    };
  }, [client, method]);
  return value;
}
