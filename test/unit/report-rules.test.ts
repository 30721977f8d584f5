import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../electron/alarms/service';
import { configRevision, journalRevision } from '../../electron/reports/revision';
import { ReportService } from '../../electron/reports/service';
import { Journal } from '../../electron/store/journal';
import { SlaSection } from '../../renderer/src/views/reports/SlaSection';
import { DeskConfig } from '../../shared/config/schema';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import { RULES_EVENT } from '../../shared/report/rules';
import { DEFAULT_SLA_SETTINGS, slaSettingsOf } from '../../shared/triage/sla';
import { resources } from '../helpers/desk';
import { expectParts, inLanguage } from '../helpers/element';
import { pdfText, xlsxText } from '../helpers/record-text';
import { at, devices, fleet, raise, stations, step, workOrder } from './report-fixtures';

/**
 * Issue 20 item 6: the SLA preset of 越城区 changes from the service
 * commitment to the Shaoxing standard on 15 November. An on-site alarm on
 * the 5th and one on the 20th have the same history: dispatched 3 h after
 * the raise, on site 30 min later, fixed an hour after dispatch. The first
 * was late by the rules of its day (dispatch within 2 h); the second was on
 * time by its own (Shaoxing counts from dispatch). Today's rules alone
 * would call both on time.
 */

const DAY = 24 * 60;
const CHANGE_MIN = 14 * DAY;
const dir = mkdtempSync(join(tmpdir(), 'dutydesk-report-rules-'));
const journal = Journal.open(join(dir, 'journal.sqlite'));
afterAll(() => journal.close());

const configOf = (sla: { default: string; presetByGroup: Record<string, string> }) =>
  DeskConfig.parse({
    stations,
    devices: devices.map((d, i) => ({
      id: d.id,
      stationId: d.stationId,
      name: d.name,
      profile: d.profile,
      host: '127.0.0.1',
      port: 1502,
      unitId: i + 1,
    })),
    sla,
  });
const before = configOf({ default: 'service-commitment', presetByGroup: {} });
const after = configOf({ default: 'service-commitment', presetByGroup: { 越城区: 'shaoxing' } });

/** An on-site incident of s1-ac1 at `minute`, worked as the story above says. */
function incident(alarm: string, order: string, minute: number) {
  return [
    raise(alarm, minute, { tier: 'on-site' }),
    workOrder(order, minute + 1, { alarmId: alarm, raisedAt: at(minute) }),
    step(order, 'dispatched', minute + 180, { crew: ['a', 'b'] }),
    step(order, 'arrived', minute + 210, { checkInAt: at(minute + 210) }),
    step(order, 'resolved', minute + 240, { work: 'replaced' }),
  ];
}

const EARLY = 's1-ac1:groundFault';
const LATE = 's1-ac1:overTemperature';

const service = new ReportService({
  journal,
  // Today the desk runs on the later rules.
  fleet: () => ({ ...fleet, profiles: [], sla: slaSettingsOf(after.sla), shifts: DEFAULT_SHIFT_SCHEDULE }),
  counter: async () => null,
  resourcesDir: resources,
  now: () => at(31 * DAY),
});

describe('the configuration revision in force is journalled when it changes', () => {
  it('once at the first start, not again for the same configuration, again after an edit', () => {
    expect(journalRevision(journal, before, SYSTEM_ACTOR, at(-60))).toBe(true);
    expect(journalRevision(journal, before, SYSTEM_ACTOR, at(-30))).toBe(false);
    journal.appendMany([...incident(EARLY, 'WO-0001', 4 * DAY)]);
    expect(journalRevision(journal, after, { user: 'admin', role: 'admin' }, at(CHANGE_MIN))).toBe(true);
    journal.appendMany([...incident(LATE, 'WO-0002', 19 * DAY)]);
    const revisions = journal.read({ type: RULES_EVENT });
    expect(revisions.map((e) => e.data)).toEqual([
      {
        revision: configRevision(before),
        sla: { default: 'service-commitment', presetByGroup: {} },
        presets: { 诸暨市: 'service-commitment', 越城区: 'service-commitment' },
      },
      {
        revision: configRevision(after),
        sla: { default: 'service-commitment', presetByGroup: { 越城区: 'shaoxing' } },
        presets: { 诸暨市: 'service-commitment', 越城区: 'shaoxing' },
      },
    ]);
    expect(revisions[1]?.actor).toEqual({ user: 'admin', role: 'admin' });
  });

  it('a new password alone is no new revision, and the hash is not a hash of the secret', () => {
    const withSecret = DeskConfig.parse({
      ...after,
      sync: { url: 'https://sync.example', token: 'hunter2' },
    });
    const otherSecret = DeskConfig.parse({
      ...after,
      sync: { url: 'https://sync.example', token: 'swordfish' },
    });
    expect(configRevision(withSecret)).toBe(configRevision(otherSecret));
    expect(configRevision(withSecret)).not.toBe(configRevision(after));
    // As the file holds it: a field set to undefined is a field left out, not a refusal.
    expect(configRevision({ ...after, sync: undefined })).toBe(configRevision(after));
  });
});

describe('a past month is judged by the rules in force when each alarm was raised', () => {
  it('the alarm before the change by the service commitment, the one after by the Shaoxing standard', async () => {
    const r = await service.sla('2026-11');
    const clock = (preset: string, id: string) =>
      r.clocks.find((c) => c.group === '越城区' && c.preset === preset && c.clock === id);
    expect(clock('service-commitment', 'dispatch')).toMatchObject({ met: 0, breached: 1 });
    expect(clock('shaoxing', 'arrive')).toMatchObject({ met: 1, breached: 0 });
    expect(clock('shaoxing', 'fix')).toMatchObject({ met: 1, breached: 0 });
    expect(r.tiers.find((t) => t.group === '越城区' && t.tier === 'on-site')).toMatchObject({
      preset: '*',
      incidents: 2,
      timely: 1,
      untimely: 1,
    });
    expect(r.rules).toEqual([
      {
        revisions: [configRevision(before)],
        from: r.period.from,
        to: at(CHANGE_MIN),
        presets: [
          { group: '诸暨市', preset: 'service-commitment' },
          { group: '越城区', preset: 'service-commitment' },
        ],
      },
      {
        revisions: [configRevision(after)],
        from: at(CHANGE_MIN),
        to: r.period.to,
        presets: [
          { group: '诸暨市', preset: 'service-commitment' },
          { group: '越城区', preset: 'shaoxing' },
        ],
      },
    ]);
  });

  it('before any revision was journalled, the current rules are assumed and the record says so', async () => {
    const bare = Journal.open(join(dir, 'bare.sqlite'));
    try {
      bare.appendMany(incident(EARLY, 'WO-0001', 4 * DAY));
      const r = await new ReportService({
        journal: bare,
        fleet: () => ({ ...fleet, profiles: [], sla: DEFAULT_SLA_SETTINGS, shifts: DEFAULT_SHIFT_SCHEDULE }),
        counter: async () => null,
        resourcesDir: resources,
        now: () => at(31 * DAY),
      }).document('sla', '2026-11', undefined, 'en');
      expect(r.lines.join('\n')).toContain('not journalled (current configuration assumed)');
    } finally {
      bare.close();
    }
  });

  const short = (c: DeskConfig) => configRevision(c).slice(0, 12);

  it.each([
    ['zh-CN', 'SLA 判定依据', '服务承诺', '绍兴运营及服务规范'],
    ['en', 'SLA basis', 'Service commitment', 'Shaoxing operation standard'],
  ] as const)(
    'the %s PDF and XLSX name both presets and both revisions',
    async (lang, basis, early, late) => {
      const doc = await service.document('sla', '2026-11', undefined, lang);
      const pdf = pdfText(dir, `sla-${lang}`, await service.write(doc, 'pdf', lang));
      const xlsx = await xlsxText(await service.write(doc, 'xlsx', lang));
      for (const text of [pdf.replace(/\s+/g, ' '), xlsx]) {
        expectParts(text, [basis, short(before), short(after), `越城区: ${early}`, `越城区: ${late}`]);
      }
      // The span lines themselves, as the record prints them.
      const spans = xlsx
        .split('\n')
        .filter((line) => line.includes(short(before)) || line.includes(short(after)));
      expect(spans).toHaveLength(2);
      expect(spans[0]).toContain(`越城区: ${early}`);
      expect(spans[1]).toContain(`越城区: ${late}`);
    },
  );
});

describe('the reports screen', () => {
  it('shows the same basis lines as the record: each stretch of the month with its revision and presets', async () => {
    const report = await service.sla('2026-11');
    const html = inLanguage(
      'zh-CN',
      createElement(SlaSection, { report, names: { station: (id) => id, device: (id) => id ?? '' } }),
    );
    const list = /<ul[^>]*data-testid="report-sla-rules"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? '';
    const lines = [...list.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => m[1] ?? '');
    expect(lines).toHaveLength(2);
    const short = (c: DeskConfig) => configRevision(c).slice(0, 12);
    expect(lines[0]).toContain(short(before));
    expect(lines[0]).toContain('越城区: service-commitment');
    expect(lines[1]).toContain(short(after));
    expect(lines[1]).toContain('越城区: shaoxing');
  });
});
