import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FleetTimeProvider, fleetTime } from '../../renderer/src/i18n/fleetTime';
import type { Lang } from '../../renderer/src/i18n/lang';
import { translator } from '../../renderer/src/i18n/lang';
import { IndicatorDetails, whenText } from '../../renderer/src/ui/indicator/Indicator';
import { IntegrityBanner } from '../../renderer/src/views/store/IntegrityBanner';
import { formatBytes, OVERDUE_GRACE_MS, storeSignal } from '../../renderer/src/views/store/model';
import { storeRows } from '../../renderer/src/views/store/storeRows';
import type { StoreStatus } from '../../shared/api/store';
import { el, inLanguage } from '../helpers/element';

const NOW = Date.UTC(2026, 10, 23, 12);
const healthy: StoreStatus = {
  journal: { events: 120, bytes: 81_920, writable: { ok: true } },
  integrity: { state: 'ok', count: 120, verifiedAt: NOW - 1000, from: 100, fullAt: NOW - 86_400_000 },
  backup: {
    dir: '/var/lib/dutydesk/backups',
    lastFullAt: NOW - 3_600_000,
    lastIncrementalAt: NOW - 600_000,
    lastSeq: 118,
    lastError: null,
    lastErrorAt: null,
    nextFullAt: NOW + 20 * 3_600_000,
    nextIncrementalAt: NOW + 3_000_000,
  },
  history: { bytes: 4096, rawRows: 10, oldestRawTs: NOW - 60_000, pending: 0, dropped: 0, error: null },
};

describe('store signal in the header', () => {
  it('is quiet grey when the chain verified and backups run', () => {
    expect(storeSignal(healthy, NOW)).toEqual({ tone: 'normal', key: 'store.state.ok' });
  });

  it('shows verification progress without colour', () => {
    const verifying = {
      ...healthy,
      integrity: { state: 'verifying' as const, checked: 250, total: 1000, scope: 'full' as const },
    };
    expect(storeSignal(verifying, NOW)).toEqual({
      tone: 'normal',
      key: 'store.state.verifying',
      percent: 25,
    });
  });

  it('puts a broken chain above everything, in the fault colour', () => {
    const broken: StoreStatus = {
      ...healthy,
      integrity: { state: 'broken', brokenAt: 17, reason: 'hash does not match', verifiedAt: NOW },
      backup: { ...healthy.backup, lastError: 'disk full', lastErrorAt: NOW },
    };
    expect(storeSignal(broken, NOW)).toEqual({ tone: 'fault', key: 'store.state.broken' });
  });

  it('warns in amber for a failed backup and for one overdue past the grace time', () => {
    const failed = { ...healthy, backup: { ...healthy.backup, lastError: 'disk full', lastErrorAt: NOW } };
    expect(storeSignal(failed, NOW)).toMatchObject({ tone: 'warn', key: 'store.backup.failed' });
    const due = healthy.backup.nextIncrementalAt ?? 0;
    expect(storeSignal(healthy, due + OVERDUE_GRACE_MS - 1).tone).toBe('normal');
    expect(storeSignal(healthy, due + OVERDUE_GRACE_MS + 1)).toMatchObject({ key: 'store.backup.overdue' });
  });

  it('warns when telemetry history could not be opened', () => {
    const lost = { ...healthy, history: { ...healthy.history, error: 'history.sqlite: is damaged' } };
    expect(storeSignal(lost, NOW)).toEqual({ tone: 'warn', key: 'store.history.failed' });
  });

  it('says when backups are switched off', () => {
    const off = {
      ...healthy,
      backup: { ...healthy.backup, dir: null, nextFullAt: null, nextIncrementalAt: null },
    };
    expect(storeSignal(off, NOW)).toEqual({ tone: 'normal', key: 'store.backup.off' });
  });

  it('formats sizes for the panel', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(81_920)).toBe('82 kB');
    expect(formatBytes(1_234_567_890)).toBe('1.2 GB');
  });
});

describe('the store panel', () => {
  const t = translator('en');
  const time = fleetTime('Asia/Shanghai', 'en');
  const render = (status: StoreStatus, onVerify?: () => void) =>
    renderToStaticMarkup(
      createElement(IndicatorDetails, {
        tone: 'normal',
        rows: storeRows(status, 'ok', (at) => whenText(at, time, 'never'), t, onVerify),
      }),
    );

  it('says when the whole chain was last checked, in fleet time, and offers a check now', () => {
    const html = render(healthy, () => undefined);
    // NOW - 1 day = 2026-11-22 12:00 UTC = 20:00 in Shaoxing.
    expect(html).toMatch(/<dt>Last whole-chain check<\/dt><dd[^>]*>[^<]*20:00/);
    expect(html).toMatch(/<button[^>]*data-testid="store-verify"[^>]*>Check whole chain now/);
  });

  it('does not offer a second check while one runs', () => {
    const verifying = {
      ...healthy,
      integrity: { state: 'verifying' as const, checked: 1, total: 9, scope: 'full' as const },
    };
    expect(render(verifying, () => undefined)).toMatch(
      /<button[^>]*data-testid="store-verify"[^>]*disabled=""/,
    );
  });
});

describe('a journal that refuses writes', () => {
  const full: StoreStatus = {
    ...healthy,
    journal: {
      ...healthy.journal,
      writable: { ok: false, cause: 'full', reason: 'the data disk is full', since: NOW - 60_000 },
    },
  };
  const banner = (status: StoreStatus, lang: Lang) =>
    inLanguage(
      lang,
      el(FleetTimeProvider, { timeZone: 'Asia/Shanghai' }, createElement(IntegrityBanner, { status })),
    );

  it('turns the header red, a full disk and a read-only folder each by name', () => {
    expect(storeSignal(full, NOW)).toEqual({ tone: 'fault', key: 'store.state.full' });
    const readOnly: StoreStatus = {
      ...full,
      journal: { ...full.journal, writable: { ok: false, cause: 'read-only', reason: 'ro', since: NOW } },
    };
    expect(storeSignal(readOnly, NOW)).toEqual({ tone: 'fault', key: 'store.state.readOnly' });
  });

  it('shows a banner saying actions are refused, since when and why, in both languages', () => {
    // NOW - 1 minute = 2026-11-23 11:59 UTC = 19:59 in Shanghai.
    const en = banner(full, 'en');
    expect(en).toContain('data-testid="writable-banner"');
    expect(en).toMatch(
      /The data disk is full \(since [^)]*19:59:00\): every action that must be recorded is refused/,
    );
    expect(en).toContain('Reason: the data disk is full');
    expect(banner(full, 'zh-CN')).toMatch(/数据盘已满（自 [^）]*19:59:00）：需要记录的操作一律拒绝/);
    expect(banner(healthy, 'en')).toBe('');
  });
});
