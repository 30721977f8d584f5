import type { AlarmView } from '../../shared/api/contract';
import type { ContractClient } from './desk';

/** The message of the refusal `call` ends in; fails the test when it succeeds instead. */
export async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a refusal');
  return error.message;
}

/**
 * Polls alarms.list until `accept` holds for the alarm `id`. The engine gets
 * there at its own pace; 15 s leaves room for a busy machine.
 */
export async function alarmWhere(
  client: ContractClient,
  id: string,
  accept: (a: AlarmView) => boolean,
): Promise<AlarmView> {
  const end = Date.now() + 15_000;
  for (;;) {
    const found = (await client.request('alarms.list', {})).alarms.find((a) => a.id === id);
    if (found && accept(found)) return found;
    if (Date.now() > end) throw new Error(`alarm ${id} never got there; last seen ${JSON.stringify(found)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
