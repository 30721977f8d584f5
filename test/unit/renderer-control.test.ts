import { describe, expect, it } from 'vitest';
import { translator } from '../../renderer/src/i18n/lang';
import {
  actionLabel,
  boundsFor,
  type ControlAction,
  confirmSentence,
  controlActions,
  echoOf,
  isControllable,
  outcomeTone,
  parseSetpoint,
  stationName,
  writeRequest,
} from '../../renderer/src/views/control/model';
import { DeviceWrite } from '../../shared/api';
import { acProfile, dcProfile, pvProfile, snapshot } from './renderer-fixtures';

const fleet = snapshot();
const ac = fleet.devices.find((d) => d.id === 's1-ac1');
const pv = fleet.devices.find((d) => d.id === 's1-pv1');
if (!ac || !pv) throw new Error('fixture devices missing');
const en = translator('en');
const zh = translator('zh-CN');

describe('control actions', () => {
  it('offers every option of a command but "none", starts and stops first, settings last', () => {
    const actions = controlActions(ac, acProfile);
    expect(actions.map((a) => a.id)).toEqual([
      'gun1.command=start',
      'gun1.command=stop',
      'command=reset',
      'powerLimit',
    ]);
    expect(actions.map((a) => actionLabel(a, ac.kind, 'en', en))).toEqual([
      'Start charging — gun 1',
      'Stop charging — gun 1',
      'Reset charger',
      'Set power limit',
    ]);
    expect(actions.map((a) => actionLabel(a, ac.kind, 'zh-CN', zh))).toEqual([
      '启动充电 — 1号枪',
      '停止充电 — 1号枪',
      '复位充电桩',
      '设定功率限值',
    ]);
  });

  it('bounds a setpoint by what the device is rated for', () => {
    const [limit] = controlActions(ac, acProfile).filter((a) => a.kind === 'number');
    expect(limit?.kind === 'number' && limit.bounds).toEqual({ min: 0, max: 7, decimals: 1 });
    const [pct] = controlActions(pv, pvProfile);
    expect(pct?.kind === 'number' && pct.bounds).toEqual({ min: 0, max: 100, decimals: 1 });
    // An acronym is not lower-cased into nonsense.
    expect(pct && actionLabel(pct, pv.kind, 'en', en)).toBe('Set WMaxLimPct');
    const rpm = {
      key: 'fan',
      unit: 'rpm',
      label: { 'zh-CN': '风扇', en: 'Fan' },
      writable: true,
      command: false,
      options: null,
    };
    expect(boundsFor(rpm, ac)).toEqual({
      min: null,
      max: null,
      decimals: null,
    });
  });

  it('falls back to the point’s own words for an option it has no verb for', () => {
    const profile = {
      ...pvProfile,
      points: [
        {
          key: 'WMaxLim_Ena',
          unit: null,
          label: { 'zh-CN': '有功限值使能', en: 'Power limit enabled' },
          writable: true,
          command: false,
          options: ['disabled', 'enabled'],
        },
      ],
    };
    const actions = controlActions(pv, profile);
    expect(actions.map((a) => actionLabel(a, pv.kind, 'en', en))).toEqual([
      'Power limit enabled → disabled',
      'Power limit enabled → enabled',
    ]);
    expect(actions.map((a) => actionLabel(a, pv.kind, 'zh-CN', zh))).toEqual([
      '有功限值使能 → 停用',
      '有功限值使能 → 启用',
    ]);
  });

  it('knows which devices have anything to control', () => {
    expect(isControllable(acProfile)).toBe(true);
    expect(isControllable(dcProfile)).toBe(false);
    expect(isControllable(undefined)).toBe(false);
    const onlyRest = {
      ...acProfile,
      points: acProfile.points.map((p) => ({ ...p, writable: p.key === 'gun1.command', options: ['none'] })),
    };
    expect(isControllable(onlyRest)).toBe(false);
  });
});

describe('setpoint input', () => {
  const kw = { min: 0, max: 7, decimals: 1 };

  it('accepts numbers in range, full-width digits from a Chinese input method included', () => {
    expect(parseSetpoint('3.5', kw)).toEqual({ ok: true, value: 3.5 });
    expect(parseSetpoint(' 7 ', kw)).toEqual({ ok: true, value: 7 });
    expect(parseSetpoint('３．５', kw)).toEqual({ ok: true, value: 3.5 });
    expect(parseSetpoint('0', kw)).toEqual({ ok: true, value: 0 });
  });

  it('says what is wrong instead of clamping or rounding', () => {
    expect(parseSetpoint('', kw)).toEqual({ ok: false, error: 'empty' });
    expect(parseSetpoint('7kW', kw)).toEqual({ ok: false, error: 'nan' });
    expect(parseSetpoint('1e3', kw)).toEqual({ ok: false, error: 'nan' });
    expect(parseSetpoint('-1', kw)).toEqual({ ok: false, error: 'low' });
    expect(parseSetpoint('7.1', kw)).toEqual({ ok: false, error: 'high' });
    expect(parseSetpoint('3.25', kw)).toEqual({ ok: false, error: 'precision' });
  });
});

describe('confirmation echo', () => {
  const [start] = controlActions(ac, acProfile);
  if (start?.kind !== 'option') throw new Error('no start action');

  it('is exactly what the write carries, twice, and the contract accepts it', () => {
    const echo = echoOf(ac, start, start.value);
    expect(echo).toEqual({ deviceId: 's1-ac1', key: 'gun1.command', value: 'start' });
    expect(Object.isFrozen(echo)).toBe(true);
    const request = writeRequest(echo, '  customer called  ');
    expect(request).toEqual({
      deviceId: 's1-ac1',
      key: 'gun1.command',
      value: 'start',
      confirm: { deviceId: 's1-ac1', key: 'gun1.command', value: 'start' },
      reason: 'customer called',
    });
    expect(request.confirm).not.toBe(echo);
    expect(DeviceWrite.safeParse(request).success).toBe(true);
  });

  it('carries a setpoint as the number the operator confirmed', () => {
    const limit = controlActions(ac, acProfile).find((a) => a.kind === 'number');
    if (!limit) throw new Error('no setpoint');
    const request = writeRequest(echoOf(ac, limit, 3.5), 'grid limit');
    expect(request.value).toBe(3.5);
    expect(request.confirm).toEqual({ deviceId: 's1-ac1', key: 'powerLimit', value: 3.5 });
  });

  it('restates the echo, device and station in the sentence the operator confirms', () => {
    const [station] = fleet.stations;
    const [, stop, reset, limit] = controlActions(ac, acProfile);
    if (stop?.kind !== 'option' || reset?.kind !== 'option' || !limit) throw new Error('actions');
    const sentence = (a: ControlAction, value: string | number, lang: 'en' | 'zh-CN') =>
      confirmSentence(ac, station, a, echoOf(ac, a, value), lang, lang === 'en' ? en : zh);
    expect(sentence(stop, stop.value, 'en')).toBe("Write 'Stop charging' to S1-AC1, gun 1, at Station One?");
    expect(sentence(stop, stop.value, 'zh-CN')).toBe('向一号站的 S1-AC1 1号枪写入“停止充电”？');
    expect(sentence(reset, reset.value, 'en')).toBe("Write 'Reset charger' to S1-AC1 at Station One?");
    expect(sentence(limit, 3.5, 'en')).toBe("Write 'Power limit = 3.5 kW' to S1-AC1 at Station One?");
    // A station without an English name keeps its own.
    expect(stationName(fleet.stations[1], 'en')).toBe('二号站');
  });

  it('colours only what did not do what was asked', () => {
    expect(outcomeTone('confirmed')).toBe('ok');
    expect(outcomeTone('accepted')).toBe('ok');
    expect(outcomeTone('mismatch')).toBe('bad');
    expect(outcomeTone('failed')).toBe('bad');
    // A Sparkplug command the device never reported back is not known to have arrived.
    expect(outcomeTone('unconfirmed')).toBe('bad');
  });
});
