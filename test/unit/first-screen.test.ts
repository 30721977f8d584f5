import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstScreen } from '../../electron/engine/first-screen';
import type { DeskApi } from '../../shared/api/contract';
import type { Session } from '../../shared/auth/roles';

const session = { user: 'mon-a', role: 'monitor' } as Session;
const answered = (value: string) => async () => value;

/** The four methods a screen asks for first, answering their names, and one it asks later. */
function api(): DeskApi {
  return {
    'fleet.snapshot': answered('wall'),
    'alarms.list': answered('alarms'),
    'workorders.list': answered('orders'),
    'applications.list': answered('applications'),
    'desk.info': answered('info'),
  } as unknown as DeskApi;
}

async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

afterEach(() => vi.useRealTimers());

describe('the first screen gate of background work', () => {
  it('settles once the wall and the queue have each been answered, with the answers unchanged', async () => {
    const gate = firstScreen(60_000);
    const desk = api();
    gate.watch(desk);
    const call = (method: keyof DeskApi) =>
      (desk[method] as (p: unknown, s: Session) => Promise<unknown>)({}, session);
    expect(await call('fleet.snapshot')).toBe('wall');
    expect(await call('alarms.list')).toBe('alarms');
    expect(await call('desk.info')).toBe('info');
    expect(await call('workorders.list')).toBe('orders');
    expect(await settled(gate.shown)).toBe(false);
    expect(await call('applications.list')).toBe('applications');
    expect(await settled(gate.shown)).toBe(true);
    gate.stop();
  });

  it('settles at the latest after its wait when no screen asks', async () => {
    vi.useFakeTimers();
    const gate = firstScreen(5_000);
    gate.watch(api());
    vi.advanceTimersByTime(4_999);
    expect(await settled(gate.shown)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(gate.shown)).toBe(true);
  });
});
