import type {
  Device,
  DeviceKind,
  Params,
  PointInfo,
  PointValue,
  ProfileInfo,
  Station,
  WriteOutcome,
} from '../../../../shared/api';
import { dynamicKey, type Lang, type Translate } from '../../i18n/lang';

/**
 * One thing the operator can do to a device: put one option of an enum
 * point (start, stop, reset…), or a number into a setpoint.
 */
export type ControlAction =
  | { kind: 'option'; id: string; point: PointInfo; gun: number | null; value: string }
  | { kind: 'number'; id: string; point: PointInfo; gun: number | null; bounds: Bounds };

/** Inclusive; null where the unit gives no sensible limit. */
export type Bounds = { min: number | null; max: number | null; decimals: number | null };

/** An enum command register rests at this option; writing it does nothing an operator would ask for. */
const REST_OPTION = 'none';

function gunOf(key: string): number | null {
  const match = /^gun(\d+)\./.exec(key);
  return match ? Number(match[1]) : null;
}

/** Limits an operator can be trusted with without a manual: what the device is rated for. */
export function boundsFor(point: PointInfo, device: Pick<Device, 'ratedKw'>): Bounds {
  switch (point.unit) {
    case 'kW':
      return { min: 0, max: device.ratedKw, decimals: 1 };
    case 'W':
      return { min: 0, max: device.ratedKw * 1000, decimals: 0 };
    case '%':
      return { min: 0, max: 100, decimals: 1 };
    default:
      return { min: null, max: null, decimals: null };
  }
}

/** Whether a device of this profile has anything to offer in the control dialog. */
export function isControllable(profile: ProfileInfo | undefined): boolean {
  return (
    profile?.points.some(
      (p) => p.writable && (p.options === null || p.options.some((o) => o !== REST_OPTION)),
    ) ?? false
  );
}

/**
 * Start and stop, what an operator does most, come first, gun by gun; then
 * device-wide choices (reset); then settings.
 */
function rank(action: ControlAction): number {
  if (action.kind === 'number') return 2;
  return action.gun === null ? 1 : 0;
}

/** The device's writable points as actions: one per option (but "none"), one per setpoint. */
export function controlActions(device: Device, profile: ProfileInfo | undefined): ControlAction[] {
  const actions: ControlAction[] = [];
  for (const point of profile?.points ?? []) {
    if (!point.writable) continue;
    const gun = gunOf(point.key);
    if (point.options) {
      for (const value of point.options) {
        if (value === REST_OPTION) continue;
        actions.push({ kind: 'option', id: `${point.key}=${value}`, point, gun, value });
      }
    } else {
      actions.push({ kind: 'number', id: point.key, point, gun, bounds: boundsFor(point, device) });
    }
  }
  // Array.prototype.sort is stable, so profile order holds within a rank and a gun.
  return actions.sort((a, b) => rank(a) - rank(b) || (a.gun ?? 0) - (b.gun ?? 0));
}

/** An option of a setting in the operator's language, or as the profile names it. */
export function optionName(option: string, t: Translate): string {
  const key = dynamicKey('option', option, 'control.option');
  return key === 'control.option' ? option : t(key);
}

function verbFamily(kind: DeviceKind): 'charger' | 'inverter' | 'device' {
  if (kind === 'ac-charger' || kind === 'dc-charger') return 'charger';
  return kind === 'pv-inverter' ? 'inverter' : 'device';
}

function lowerFirst(text: string): string {
  // "Power limit" → "power limit", but an acronym such as "WMaxLimPct" or "SoC" stays as it is.
  return /^[A-Z][a-z]/.test(text) && !/^[A-Z][a-z]*[A-Z]/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

/**
 * What the action does, in operator words and without the gun:
 * "Stop charging", "Reset charger", "Set power limit".
 */
export function actionVerb(action: ControlAction, kind: DeviceKind, lang: Lang, t: Translate): string {
  const label = action.point.label[lang];
  if (action.kind === 'number') return t('control.set', { label: lang === 'en' ? lowerFirst(label) : label });
  for (const family of [verbFamily(kind), 'device']) {
    const key = dynamicKey(`control.${family}`, action.value, 'control.option');
    if (key !== 'control.option') return t(key);
  }
  return t('control.option', { label, option: optionName(action.value, t) });
}

/** The action as listed: "Start charging — gun 1". */
export function actionLabel(action: ControlAction, kind: DeviceKind, lang: Lang, t: Translate): string {
  const verb = actionVerb(action, kind, lang, t);
  return action.gun === null ? verb : t('control.onGun', { action: verb, n: action.gun });
}

export type SetpointInput =
  | { ok: true; value: number }
  | { ok: false; error: 'empty' | 'nan' | 'low' | 'high' | 'precision' };

/**
 * Reads what the operator typed. A Chinese input method left on gives
 * full-width digits and a full-width point; those are the same number.
 */
export function parseSetpoint(text: string, bounds: Bounds): SetpointInput {
  const plain = text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace('。', '.')
    .replace(',', '.')
    .trim();
  if (plain === '') return { ok: false, error: 'empty' };
  if (!/^-?\d+(\.\d+)?$/.test(plain)) return { ok: false, error: 'nan' };
  const value = Number(plain);
  if (bounds.min !== null && value < bounds.min) return { ok: false, error: 'low' };
  if (bounds.max !== null && value > bounds.max) return { ok: false, error: 'high' };
  if (bounds.decimals !== null && (plain.split('.')[1]?.length ?? 0) > bounds.decimals)
    return { ok: false, error: 'precision' };
  return { ok: true, value };
}

/** Exactly what the confirmation step shows and the engine gets back as the operator's confirmation. */
export type WriteEcho = Readonly<{ deviceId: string; key: string; value: number | string }>;

export function echoOf(device: Pick<Device, 'id'>, action: ControlAction, value: number | string): WriteEcho {
  return Object.freeze({ deviceId: device.id, key: action.point.key, value });
}

/** The request for a confirmed echo; the target is taken from the echo itself, so the two cannot differ. */
export function writeRequest(echo: WriteEcho, reason: string): Params<'device.write'> {
  return {
    deviceId: echo.deviceId,
    key: echo.key,
    value: echo.value,
    confirm: { deviceId: echo.deviceId, key: echo.key, value: echo.value },
    reason: reason.trim(),
  };
}

/**
 * The question the operator answers before anything is written, built from
 * the echo itself: "Write 'Stop charging' to 交流桩 AC3, gun 1, at 鲁迅故里…?"
 */
export function confirmSentence(
  device: Pick<Device, 'name' | 'kind'>,
  station: Pick<Station, 'name' | 'nameEn'> | undefined,
  action: ControlAction,
  echo: WriteEcho,
  lang: Lang,
  t: Translate,
): string {
  const what =
    action.kind === 'number'
      ? t('control.setTo', {
          label: action.point.label[lang],
          value: valueText(echo.value, action.point.unit),
        })
      : actionVerb(action, device.kind, lang, t);
  const vars = { action: what, device: device.name, station: stationName(station, lang) };
  return action.gun === null
    ? t('control.statement', vars)
    : t('control.statementGun', { ...vars, n: action.gun });
}

export function stationName(station: Pick<Station, 'name' | 'nameEn'> | undefined, lang: Lang): string {
  return (lang === 'en' && station?.nameEn) || station?.name || '?';
}

/** Neutral when the device took it; red when it did not, or read back something else. */
export function outcomeTone(outcome: WriteOutcome['outcome']): 'ok' | 'bad' {
  return outcome === 'confirmed' || outcome === 'accepted' ? 'ok' : 'bad';
}

/** A value with the point's unit, for the confirmation and the outcome. */
export function valueText(value: PointValue, unit: string | null): string {
  if (value === null) return '—';
  return unit && typeof value === 'number' ? `${value} ${unit}` : String(value);
}
