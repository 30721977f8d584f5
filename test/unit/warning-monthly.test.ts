import { describe, expect, it } from 'vitest';
import { monthlyWarnings, WarningEvent } from '../../shared/warning/monthly';

const DAY = 86_400_000;
const JUNE = Date.UTC(2026, 5, 1);
const JULY = Date.UTC(2026, 6, 1);

describe('monthly warning counts', () => {
  const events: WarningEvent[] = [
    {
      type: 'warning.raised',
      warningId: 'w1',
      detector: 'connector-thermal',
      deviceId: 'dc-1',
      atMs: JUNE + DAY,
    },
    {
      type: 'warning.raised',
      warningId: 'w2',
      detector: 'connector-thermal',
      deviceId: 'dc-2',
      atMs: JUNE + 2 * DAY,
    },
    {
      type: 'warning.raised',
      warningId: 'w3',
      detector: 'comms-quality',
      deviceId: 'gw-1',
      atMs: JUNE + 3 * DAY,
    },
    {
      type: 'warning.raised',
      warningId: 'w0',
      detector: 'comms-quality',
      deviceId: 'gw-1',
      atMs: JUNE - DAY,
    },
    { type: 'warning.acted', warningId: 'w1', workOrderId: 'wo-9', atMs: JUNE + DAY + 3_600_000 },
    { type: 'warning.dismissed', warningId: 'w3', reason: 'SIM swapped last week', atMs: JUNE + 4 * DAY },
    { type: 'warning.dismissed', warningId: 'w0', reason: 'May: not this month', atMs: JUNE + DAY },
  ];
  it('counts the month’s warnings raised, acted on, confirmed by a later fault and dismissed, per detector', () => {
    const faults = [
      { deviceId: 'dc-2', atMs: JUNE + 20 * DAY },
      { deviceId: 'dc-1', atMs: JUNE - 5 * DAY },
      { deviceId: 'gw-1', atMs: JUNE + 200 * DAY },
    ];
    const m = monthlyWarnings(events, faults, JUNE, JULY);
    expect({ raised: m.raised, actedOn: m.actedOn, confirmed: m.confirmed, dismissed: m.dismissed }).toEqual({
      raised: 3,
      actedOn: 1,
      confirmed: 1,
      dismissed: 1,
    });
    expect(m.byDetector['connector-thermal']).toEqual({ raised: 2, actedOn: 1, confirmed: 1, dismissed: 0 });
    expect(m.byDetector['comms-quality']).toEqual({ raised: 1, actedOn: 0, confirmed: 0, dismissed: 1 });
  });
  it('refuses a dismissal without a reason', () => {
    const bad = WarningEvent.safeParse({
      type: 'warning.dismissed',
      warningId: 'w1',
      reason: ' ',
      atMs: JUNE,
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('a dismissal needs a reason');
  });
});
