import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeskInfo } from '../../shared/api/contract';
import type { DrillsState } from '../../shared/api/drills';
import { callDesk } from '../e2e/contract';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';

/**
 * The headless desk's command-line path to a drill (`--drill`, `--trainee`,
 * `--lead`, `--speed`): the built desk, started twice on one data folder,
 * first to make the accounts, then with the flags.
 */
const ADMIN = { user: 'admin', password: 'cli drill admin password' };
const LEAD = { user: 'li.qiang', password: 'cli drill lead password', role: 'shift-lead' };
const TRAINEE = { user: 'zhao.min', password: 'cli drill trainee password', role: 'monitor' };
const env = {
  DUTYDESK_LOG_LEVEL: 'error',
  DUTYDESK_ADMIN_USER: ADMIN.user,
  DUTYDESK_ADMIN_PASSWORD: ADMIN.password,
};
const dir = mkdtempSync(join(tmpdir(), 'dutydesk-drill-cli-'));
let desk: HeadlessDesk | undefined;

afterAll(async () => {
  await stopProcess(desk);
  rmSync(dir, { recursive: true, force: true });
});

const drillFlags = (lead: string) => [
  '--accounts',
  '--data',
  dir,
  '--drill',
  'drill-gateway-comms-loss',
  '--trainee',
  TRAINEE.user,
  '--lead',
  lead,
  '--speed',
  '60',
];

describe('a drill from the headless desk’s flags', () => {
  it('runs under a shift lead’s name, and is refused under a monitor’s', async () => {
    const first = await startHeadless(['--accounts', '--data', dir], { env });
    await callDesk(
      first.port,
      [LEAD, TRAINEE].map((a) => ['account.create', { ...a, reason: 'drill cli' }] as const),
      ADMIN,
    );
    await stopProcess(first);

    await expect(startHeadless(drillFlags(TRAINEE.user), { env })).rejects.toThrow(
      /exited with 2:[\s\S]*--lead zhao\.min is monitor: only a shift lead or an admin runs a drill/,
    );

    desk = await startHeadless(drillFlags(LEAD.user), { env });
    const said = /DutyDesk drill drill-gateway-comms-loss is running for zhao\.min at ×60: (http:\S+)/.exec(
      desk.output(),
    );
    const url = said?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const [state] = (await callDesk(desk.port, [['drills.list', {}]], ADMIN)) as [DrillsState];
    expect(state.running).toMatchObject([{ lead: LEAD.user, trainees: [TRAINEE.user], speed: 60, url }]);
    const [info] = (await callDesk(Number(new URL(url).port), [['desk.info', {}]])) as [DeskInfo];
    expect(info.drill).toMatchObject({ id: state.running[0]?.drillId, lead: LEAD.user, scale: 60 });
  }, 120_000);
});
