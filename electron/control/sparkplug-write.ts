import type { DeviceWrite, WriteOutcome } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { PointValue } from '../../shared/api/model';
import type { Session } from '../../shared/auth/roles';
import { metricOfPoint } from '../../shared/profile/binding';
import type { Profile, ProfilePoint } from '../../shared/profile/schema';
import { commandValue } from '../../shared/profile/sparkplug-command';
import type { SparkplugHost } from '../mqtt/feeds';
import { CommandRefused } from '../mqtt/sparkplug-host';
import { recordWriteResult } from './audit';
import type { ControlContext } from './remote-control';

/**
 * A field write to a device fed by Sparkplug B, under the same rules as a
 * Modbus write: checked against the metric's datatype from the device's
 * birth, journalled before it is sent, sent once as DCMD (NCMD for a node's
 * own metrics), read back from the device's next report of the point within
 * `mqtt.commandTimeoutMs`, and the result journalled too.
 */
export async function writeOverSparkplug(
  ctx: ControlContext,
  feed: SparkplugHost,
  target: { request: DeviceWrite; profile: Profile; point: ProfilePoint },
  session: Session,
): Promise<WriteOutcome> {
  const { request, profile, point } = target;
  const metric = metricOfPoint(profile, point.key);
  let refused: string | null = null;
  let sent: { value: number | boolean | string; expected: PointValue; type: string } | null = null;
  try {
    const type = feed.commandType(request.deviceId, metric);
    const checked = commandValue(point, type, request.value);
    if ('error' in checked) throw new ApiError('invalid', checked.error);
    sent = { ...checked, type };
  } catch (error) {
    if (!(error instanceof CommandRefused)) throw error;
    refused = error.message;
  }
  const requested = ctx.audit.record({
    type: 'device.write.requested',
    subject: request.deviceId,
    data: { key: point.key, value: request.value, via: 'sparkplug', metric, datatype: sent?.type ?? null },
    reason: request.reason,
    actor: session,
  });
  ctx.log.info(
    `${session.user} (${session.role}) writes ${request.deviceId} ${point.key} = ${request.value} (Sparkplug ${metric}): ${request.reason}`,
  );
  const result = sent
    ? await send(feed, request.deviceId, point, { name: metric, ...sent })
    : { outcome: 'failed' as const, readBack: null, error: refused };
  return recordWriteResult(ctx, session, { request, key: point.key, requestId: requested.id }, result);
}

async function send(
  feed: SparkplugHost,
  deviceId: string,
  point: ProfilePoint,
  metric: { name: string; type: string; value: number | boolean | string; expected: PointValue },
): Promise<Pick<WriteOutcome, 'outcome' | 'readBack' | 'error'>> {
  const { expected, ...sent } = metric;
  try {
    const back = await feed.command(deviceId, sent, { key: point.key, expected });
    if (back.kind === 'lost')
      return { outcome: 'unconfirmed', readBack: null, error: `sent, then ${back.reason}` };
    // Nothing acknowledges a QoS 0 command: without a report the write is not known to have arrived.
    if (back.kind === 'silent') {
      return {
        outcome: 'unconfirmed',
        readBack: null,
        error: `sent; ${deviceId} did not report ${metric.name} within the command timeout`,
      };
    }
    // A command the device clears itself: any report of it says the device took it.
    if (point.command) return { outcome: 'accepted', readBack: back.value, error: null };
    if (back.value === expected) return { outcome: 'confirmed', readBack: back.value, error: null };
    return {
      outcome: 'mismatch',
      readBack: back.value,
      error: `reported ${String(back.value)} instead of ${String(expected)}`,
    };
  } catch (error) {
    if (!(error instanceof CommandRefused)) throw error;
    return { outcome: 'failed', readBack: null, error: error.message };
  }
}
