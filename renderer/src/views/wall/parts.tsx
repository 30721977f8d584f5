import type { ReactNode } from 'react';
import type { Device, DeviceStatus } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { dynamicKey, type Translate } from '../../i18n/lang';
import type { MessageKey } from '../../i18n/messages';
import type { DeviceLive } from '../../state/fleet';
import { type DataAttributes, Tile, TileAlert, TileFoot, TileHead } from '../../ui/tile/Tile';
import { type CellQuality, Value } from '../../ui/tile/Value';
import { type Cell, describeFaults } from './model';
import type { OutOfService } from './outOfService';

/** One value of a device, read from its profile's point, with its caption on tiles that have room for one. */
export function ValueCell({ cell, caption = false }: { cell: Cell; caption?: boolean }) {
  const { t } = useI18n();
  const label = t(cell.label);
  return (
    <Value
      className={`value--${cell.key.slice(cell.key.lastIndexOf('.') + 1)} quality--${cell.quality}`}
      title={cell.quality === 'good' ? label : `${label} (${cell.quality})`}
      caption={caption ? label : undefined}
      point={cell.key}
      text={cell.text}
      unit={cell.unit}
      quality={cell.quality}
      mark={cell.mark}
    />
  );
}

/** The device's faults in words, when it is in fault and says which. */
export function FaultAlert({ state, status }: { state: string; status: DeviceStatus | null }) {
  const { t } = useI18n();
  if (state !== 'fault' || !status || status.faults.length === 0) return null;
  return <TileAlert tone="fault">{describeFaults(status.faults, t)}</TileAlert>;
}

/** Lost communications, since when, and (where the tile has room) the address the desk polls. */
export function CommLostAlert({
  status,
  message,
  endpoint,
}: {
  status: DeviceStatus | null;
  message: MessageKey;
  endpoint?: string;
}) {
  const { t } = useI18n();
  const time = useFleetTime();
  return (
    <TileAlert tone="comm-lost" role="status">
      {t(message)}
      {status && ` · ${t('comms.since', { time: time.clock(status.since) })}`}
      {endpoint && ` · ${endpoint}`}
    </TileAlert>
  );
}

/** How the desk hears the device, and whether any value shown is not live. */
export function CommsLine({
  status,
  state,
  worst,
}: {
  status: DeviceStatus | null;
  state: string;
  worst: CellQuality;
}) {
  const { t } = useI18n();
  return (
    <span className="tile__comms" data-comms={status?.comms ?? 'connecting'}>
      {t(dynamicKey('comms', status?.comms, 'comms.connecting'))}
      {state !== 'comm-lost' &&
        worst !== 'good' &&
        ` · ${t(worst === 'stale' ? 'comms.stale' : 'comms.bad')}`}
    </span>
  );
}

/** The tile's state in words: out of service by what holds it, otherwise its own state. */
export function stateWord(t: Translate, state: string, held: OutOfService | undefined): string {
  return held ? t(`wall.oos.${held.kind}`) : t(dynamicKey('state', state, 'state.unknown'));
}

/** What the out-of-service band on a tile says: the application, and the outage's planned end in fleet time. */
export function OutOfServiceBand({ held }: { held: OutOfService }) {
  const { t } = useI18n();
  const time = useFleetTime();
  return (
    <>
      <span>
        {t(`wall.oos.${held.kind}`)} {held.applicationId}
      </span>
      {held.kind === 'outage' && (
        <span className="tile__oos-until" data-until={held.until ?? ''}>
          {held.until === null
            ? t('wall.oos.untilResumed')
            : t('wall.oos.until', { time: time.dayTime(held.until) })}
        </span>
      )}
    </>
  );
}

/** What every device tile on the wall is given besides its own facts. */
export type WallTileProps = {
  device: Device;
  /** The device's live values; a new object only when one of them changed, which is what memo compares. */
  live: DeviceLive;
  /** The outage or decommission holding the device, if any. */
  outOfService?: OutOfService;
  /** Given only when this operator may control this device. */
  onControl?: (deviceId: string) => void;
};

type FrameProps = DataAttributes & {
  of: WallTileProps;
  tone: string;
  className?: string;
  label: string;
  /** Beside the device's name: its state, or the gun's number. */
  head: ReactNode;
  /** The foot's line, before the control button. */
  foot: ReactNode;
  children: ReactNode;
};

/**
 * A device's tile on the wall: found by the device's id and kind (and
 * whether this operator may control it), headed by its name, under the
 * out-of-service band while held, with the control button in its foot.
 */
export function DeviceTileFrame({ of, head, foot, children, ...tile }: FrameProps) {
  const { device, outOfService, onControl } = of;
  return (
    <Tile
      {...tile}
      data-device-id={device.id}
      data-kind={device.kind}
      data-controllable={onControl ? 'true' : undefined}
      outOfService={outOfService && <OutOfServiceBand held={outOfService} />}
    >
      <TileHead name={device.name}>{head}</TileHead>
      {children}
      <TileFoot onControl={onControl && (() => onControl(device.id))}>{foot}</TileFoot>
    </Tile>
  );
}
