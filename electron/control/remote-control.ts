import type { DeviceWrite, WriteOutcome } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { PointValue } from '../../shared/api/model';
import type { Session } from '../../shared/auth/roles';
import { decodePoint, encodePoint } from '../../shared/profile/codec';
import type { Profile, ProfilePoint } from '../../shared/profile/schema';
import type { Poller } from '../acquisition/poller';
import type { Logger } from '../log/logger';
import type { TelemetryStore } from '../telemetry/store';
import { type AuditTrail, recordWriteResult } from './audit';
import { writeOverSparkplug } from './sparkplug-write';

export type ControlContext = {
  poller: Poller;
  telemetry: TelemetryStore;
  profileOf: (deviceId: string) => Profile | undefined;
  audit: AuditTrail;
  log: Logger;
};

function sameTarget(a: DeviceWrite, b: DeviceWrite['confirm']): boolean {
  return a.deviceId === b.deviceId && a.key === b.key && a.value === b.value;
}

/**
 * Registers for a value, and the value they will read back as; refuses what
 * the register cannot hold exactly (out of range, or off its step) instead
 * of clamping or rounding it: the operator gets what they confirmed, or nothing.
 */
function encodeChecked(
  point: ProfilePoint,
  value: number | string,
  exponent: number,
): { words: number[]; expected: PointValue } {
  if (point.enum) {
    if (typeof value !== 'string' || !Object.values(point.enum).includes(value)) {
      throw new ApiError(
        'invalid',
        `${point.key} takes one of ${Object.values(point.enum).join(', ')}, not "${value}"`,
      );
    }
    return { words: encodePoint(point, value), expected: value };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ApiError('invalid', `${point.key} takes a number, not "${value}"`);
  }
  const words = encodePoint(point, value, exponent);
  const back = decodePoint(point, words, 0, point.scaleRef === undefined ? undefined : exponent);
  const step = point.scaleRef === undefined ? Math.abs(point.scale) : 10 ** exponent;
  if (typeof back !== 'number' || Math.abs(back - value) > step * 1e-6) {
    throw new ApiError(
      'invalid',
      `${value} does not fit ${point.key} (${point.type}, step ${step}${point.unit ? ` ${point.unit}` : ''})`,
    );
  }
  return { words, expected: back };
}

/**
 * A field write: checked, recorded in the journal before it is sent, sent
 * once, read back, and the result recorded too. Never retried here: the
 * operator decides what happens after a failure.
 */
export async function writePoint(
  ctx: ControlContext,
  request: DeviceWrite,
  session: Session,
): Promise<WriteOutcome> {
  if (!sameTarget(request, request.confirm)) {
    throw new ApiError('invalid', 'the confirmation does not match the write; confirm again');
  }
  const profile = ctx.profileOf(request.deviceId);
  if (!profile)
    throw new ApiError('unavailable', `device "${request.deviceId}" is unknown or not yet identified`);
  const point = profile.points.find((p) => p.key === request.key);
  if (!point?.writable) {
    throw new ApiError(
      'invalid',
      `${request.key} of ${request.deviceId} is not a writable point of ${profile.id}`,
    );
  }
  const feed = ctx.poller.feedOf(request.deviceId);
  if (feed) return writeOverSparkplug(ctx, feed, { request, profile, point }, session);
  const scalePoint =
    point.scaleRef === undefined ? undefined : profile.points.find((p) => p.key === point.scaleRef);
  let exponent = 0;
  if (scalePoint) {
    const known = ctx.telemetry.sample(request.deviceId, scalePoint.key)?.value;
    exponent =
      typeof known === 'number' ? known : Number(await ctx.poller.readPoint(request.deviceId, scalePoint));
  }
  const { words, expected } = encodeChecked(point, request.value, exponent);
  const requested = ctx.audit.record({
    type: 'device.write.requested',
    subject: request.deviceId,
    data: { key: point.key, value: request.value, address: point.address, words },
    reason: request.reason,
    actor: session,
  });
  ctx.log.info(
    `${session.user} (${session.role}) writes ${request.deviceId} ${point.key} = ${request.value}: ${request.reason}`,
  );

  let outcome: WriteOutcome['outcome'];
  let readBack: PointValue = null;
  let error: string | null = null;
  try {
    await ctx.poller.writeWords(request.deviceId, point.address, words, point.table);
    try {
      readBack = await ctx.poller.readPoint(request.deviceId, point, scalePoint ? exponent : undefined);
      outcome = point.command ? 'accepted' : readBack === expected ? 'confirmed' : 'mismatch';
      if (outcome === 'mismatch') error = `read back ${String(readBack)} instead of ${String(expected)}`;
    } catch (readError) {
      outcome = 'accepted';
      error = `written, but the read-back failed: ${(readError as Error).message}`;
    }
  } catch (writeError) {
    outcome = 'failed';
    error = (writeError as Error).message;
  }
  return recordWriteResult(
    ctx,
    session,
    { request, key: point.key, requestId: requested.id },
    { outcome, readBack, error },
  );
}
