import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatNumber, formatQuantity } from '../../renderer/src/i18n/format';
import { dynamicKey, initialLang, LANG_STORAGE_KEY, translator } from '../../renderer/src/i18n/lang';
import { en, zhCN } from '../../renderer/src/i18n/messages';

describe('formatting', () => {
  it('scales by the profile unit', () => {
    expect(formatQuantity(31_400, 'W')).toEqual({ text: '31.4', unit: 'kW' });
    expect(formatQuantity(60.25, 'kW')).toEqual({ text: '60.3', unit: 'kW' });
    expect(formatQuantity(1_250, 'kW')).toEqual({ text: '1.25', unit: 'MW' });
    expect(formatQuantity(3.21, 'kWh')).toEqual({ text: '3.2', unit: 'kWh' });
    expect(formatQuantity(9_876, 'Wh')).toEqual({ text: '9.9', unit: 'kWh' });
    expect(formatQuantity(84_213_000, 'Wh')).toEqual({ text: '84.21', unit: 'MWh' });
    expect(formatQuantity(2_500_000_000, 'Wh')).toEqual({ text: '2.50', unit: 'GWh' });
    expect(formatQuantity(41.6, '%')).toEqual({ text: '42', unit: '%' });
    expect(formatQuantity(31.25, '°C')).toEqual({ text: '31.3', unit: '°C' });
    expect(formatQuantity(5, null)).toEqual({ text: '5', unit: '' });
  });

  it('groups thousands and never shows a negative zero', () => {
    expect(formatNumber(12_345.6, 1)).toBe('12,345.6');
    expect(formatNumber(-0.01, 1)).toBe('0.0');
    expect(formatNumber(-0.2, 1)).toBe('-0.2');
  });

  it('shows session time as mm:ss under an hour and h:mm from an hour on', () => {
    expect(formatDuration(0)).toEqual({ text: '00:00', unit: 'min' });
    expect(formatDuration(754)).toEqual({ text: '12:34', unit: 'min' });
    expect(formatDuration(3599)).toEqual({ text: '59:59', unit: 'min' });
    expect(formatDuration(3600)).toEqual({ text: '1:00', unit: 'h' });
    expect(formatDuration(27 * 3600 + 5 * 60)).toEqual({ text: '27:05', unit: 'h' });
    expect(formatDuration(-3)).toEqual({ text: '00:00', unit: 'min' });
    expect(formatQuantity(3725, 's')).toEqual({ text: '1:02', unit: 'h' });
  });

  it('shows a 24-hour clock in the zone it is given', () => {
    expect(formatClock(Date.UTC(2025, 0, 2, 7, 5, 9), 'UTC')).toBe('07:05:09');
    expect(formatClock(Date.UTC(2025, 0, 2, 7, 5, 9), 'Asia/Shanghai')).toBe('15:05:09');
  });
});

describe('i18n', () => {
  it('has the same keys in both languages and no empty message', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const dictionary of [en, zhCN]) {
      for (const [key, text] of Object.entries(dictionary)) expect(text, key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('names the states in both languages', () => {
    const zh = translator('zh-CN');
    const english = translator('en');
    expect(zh('state.comm-lost')).toBe('通信中断');
    expect(zh('state.charging')).toBe('充电中');
    expect(english('state.unavailable')).toBe('Unavailable');
    expect(english('gun.name', { n: 2 })).toBe('Gun 2');
    expect(zh('gun.name', { n: 2 })).toBe('2号枪');
  });

  it('maps data values to keys, falling back for values it does not know', () => {
    expect(dynamicKey('gun', 'finishing', 'gun.unknown')).toBe('gun.finishing');
    expect(dynamicKey('gun', 'exploded', 'gun.unknown')).toBe('gun.unknown');
    expect(dynamicKey('gun', null, 'gun.unknown')).toBe('gun.unknown');
  });

  it('picks the language from the query, then storage, then zh-CN', () => {
    const stored = (value: string | null) => ({
      getItem: (key: string) => (key === LANG_STORAGE_KEY ? value : null),
    });
    expect(initialLang('', null)).toBe('zh-CN');
    expect(initialLang('', stored('en'))).toBe('en');
    expect(initialLang('?lang=zh-CN', stored('en'))).toBe('zh-CN');
    expect(initialLang('?lang=en', stored('zh-CN'))).toBe('en');
    expect(initialLang('?lang=fr', stored('klingon'))).toBe('zh-CN');
    const blocked = {
      getItem(): string | null {
        throw new Error('SecurityError');
      },
    };
    expect(initialLang('', blocked)).toBe('zh-CN');
  });
});
