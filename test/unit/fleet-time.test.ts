import { createElement as h } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetTimeProvider, fleetTime } from '../../renderer/src/i18n/fleetTime';
import {
  formatClock,
  formatDate,
  formatUtcOffset,
  formatWhen,
  sameWallClock,
} from '../../renderer/src/i18n/format';
import type { Lang } from '../../renderer/src/i18n/lang';
import { HeaderBar } from '../../renderer/src/views/HeaderBar';
import { formatTick, timeTicks } from '../../renderer/src/views/trends/TrendChart';
import { el, inLanguage } from '../helpers/element';

/** 2026-11-23 12:33:05 UTC: 20:33:05 in Shaoxing, 07:33:05 in New York. */
const INSTANT = Date.UTC(2026, 10, 23, 12, 33, 5);
const SHANGHAI = 'Asia/Shanghai';

/**
 * The runtime's own zone is switched under each check (Node follows
 * process.env.TZ as it changes), so a formatter that read the machine's zone
 * anywhere would give a different answer in one of them.
 */
const RUNTIME_ZONES = ['UTC', SHANGHAI, 'America/New_York'] as const;
const savedTz = process.env.TZ;

function inRuntimeZone(zone: string, check: () => void): void {
  process.env.TZ = zone;
  try {
    check();
  } finally {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  }
}

describe('times in a named zone, whatever the machine is set to', () => {
  for (const runtime of RUNTIME_ZONES) {
    it(`formats the fleet's clock and date with the runtime in ${runtime}`, () => {
      inRuntimeZone(runtime, () => {
        expect(formatClock(INSTANT, SHANGHAI)).toBe('20:33:05');
        expect(formatClock(INSTANT, 'UTC')).toBe('12:33:05');
        expect(formatClock(INSTANT, 'America/New_York')).toBe('07:33:05');
        expect(formatDate(INSTANT, 'en', SHANGHAI)).toBe('2026-11-23 Mon');
        // 02:00 UTC on the 24th is still the 23rd in New York: the date follows the zone too.
        expect(formatDate(Date.UTC(2026, 10, 24, 2), 'zh-CN', 'America/New_York')).toBe('2026-11-23 周一');
        expect(formatUtcOffset(INSTANT, SHANGHAI)).toBe('UTC+8');
        expect(formatUtcOffset(INSTANT, 'UTC')).toBe('UTC');
        expect(formatUtcOffset(INSTANT, 'America/New_York')).toBe('UTC-5');
        expect(formatUtcOffset(INSTANT, 'Asia/Kolkata')).toBe('UTC+5:30');
      });
    });
  }

  it("drops the date only when the moment falls on the fleet's today", () => {
    // 17:00 UTC on the 23rd is 01:00 on the 24th in Shaoxing: another day there, the same day in UTC.
    const later = Date.UTC(2026, 10, 23, 17, 0);
    expect(formatWhen(later, INSTANT, SHANGHAI)).toBe('11-24 01:00');
    expect(formatWhen(later, INSTANT, 'UTC')).toBe('17:00');
    expect(fleetTime(SHANGHAI, 'en').when(INSTANT - 3_600_000, INSTANT)).toBe('19:33');
  });

  it('knows when two zones show the same clock', () => {
    expect(sameWallClock(INSTANT, SHANGHAI, 'Asia/Chongqing')).toBe(true);
    expect(sameWallClock(INSTANT, SHANGHAI, 'UTC')).toBe(false);
  });
});

describe('trend axis', () => {
  for (const runtime of RUNTIME_ZONES) {
    it(`puts the daily ticks on the fleet's midnight and labels them in fleet time, runtime in ${runtime}`, () => {
      inRuntimeZone(runtime, () => {
        const from = INSTANT;
        const week = 7 * 86_400_000;
        const ticks = timeTicks(from, from + week, SHANGHAI);
        expect(ticks[0]).toBe(Date.UTC(2026, 10, 23, 16, 0)); // 2026-11-24 00:00 in Shaoxing
        expect(ticks.map((t) => formatClock(t, SHANGHAI))).toEqual(ticks.map(() => '00:00:00'));
        expect(formatTick(ticks[0] ?? 0, week, 'zh-CN', SHANGHAI)).toBe('11月24日');
        expect(formatTick(ticks[0] ?? 0, week, 'en', SHANGHAI)).toBe('11/24');
        const hour = timeTicks(from, from + 3_600_000, SHANGHAI);
        expect(hour.map((t) => formatTick(t, 3_600_000, 'en', SHANGHAI))).toEqual([
          '20:35',
          '20:40',
          '20:45',
          '20:50',
          '20:55',
          '21:00',
          '21:05',
          '21:10',
          '21:15',
          '21:20',
          '21:25',
          '21:30',
        ]);
      });
    });
  }
});

describe('header clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(INSTANT);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function header(fleetZone: string, lang: Lang = 'zh-CN'): string {
    return inLanguage(
      lang,
      el(
        FleetTimeProvider,
        { timeZone: fleetZone },
        h(HeaderBar, {
          summary: null,
          link: 'open',
          info: null,
          session: null,
          view: 'wall',
          configDirty: false,
          onView: () => {},
          onHelp: () => {},
        }),
      ),
    );
  }

  it("leads with the fleet's time and adds this computer's, labelled, when its zone differs", () => {
    inRuntimeZone('UTC', () => {
      const html = header(SHANGHAI);
      expect(html).toMatch(/class="clock__time"[^>]*data-zone="Asia\/Shanghai"[^>]*>20:33:05</);
      expect(html).toContain('2026-11-23 周一 · 场站 UTC+8');
      expect(html).toMatch(/data-testid="clock-local" data-zone="UTC"[^>]*>本机 12:33 UTC</);
    });
    inRuntimeZone('America/New_York', () => {
      expect(header(SHANGHAI, 'en')).toMatch(/data-zone="America\/New_York"[^>]*>this PC 07:33 UTC-5</);
    });
  });

  it('shows one clock when this computer keeps the fleet’s time', () => {
    inRuntimeZone(SHANGHAI, () => {
      const html = header(SHANGHAI);
      expect(html).toContain('>20:33:05<');
      expect(html).not.toContain('clock-local');
    });
  });
});
