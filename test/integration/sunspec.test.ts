import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModbusLink } from '../../electron/acquisition/link';
import { discover, relocate, SunSpecError } from '../../electron/acquisition/sunspec';
import { createLogger } from '../../electron/log/logger';
import { planBlocks } from '../../shared/profile/blocks';
import { decodePoint, decodeRaw } from '../../shared/profile/codec';
import { Profile } from '../../shared/profile/schema';
import { exceptionAnswer, readAnswer, startRawServer } from '../helpers/raw-modbus';

/**
 * A SunSpec device that lays its models out differently from our profile:
 * base 0 instead of 40000, and a model 160 before the inverter model.
 */
const shipped = Profile.parse(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/profiles/pv-sunspec-103.json'), 'utf8')),
);
const layout = shipped.sunspec ?? {
  base: 40000,
  models: [
    { ids: [1], address: 40002, length: 66, optional: false },
    { ids: [101, 102, 103], address: 40070, length: 50, optional: false },
    { ids: [123], address: 40122, length: 24, optional: true },
  ],
};
const profile = { ...shipped, sunspec: layout };

function image(
  models: { id: number; length: number; set?: Record<number, number> }[],
  base = 0,
): Map<number, number> {
  const regs = new Map<number, number>([
    [base, 0x5375],
    [base + 1, 0x6e53],
  ]);
  let at = base + 2;
  for (const m of models) {
    regs.set(at, m.id);
    regs.set(at + 1, m.length);
    for (let i = 0; i < m.length; i++) regs.set(at + 2 + i, m.set?.[i] ?? 0);
    at += 2 + m.length;
  }
  regs.set(at, 0xffff);
  regs.set(at + 1, 0);
  return regs;
}

const log = createLogger('test', () => {});
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function deviceWith(regs: Map<number, number>) {
  const server = await startRawServer((r) => {
    const words = Array.from({ length: r.count }, (_, i) => regs.get(r.start + i));
    if (words.some((w) => w === undefined)) return exceptionAnswer(r.tid, r.unitId, r.fc, 2);
    return readAnswer(r.tid, r.unitId, words as number[]);
  });
  const link = new ModbusLink({ host: '127.0.0.1', port: server.port, timeoutMs: 500, log });
  cleanups.push(
    () => link.close(),
    () => server.close(),
  );
  link.connect();
  for (let i = 0; i < 100 && link.state !== 'online'; i++) await new Promise((r) => setTimeout(r, 10));
  return link;
}

async function readAll(link: ModbusLink, p: Profile): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  const raw = new Map<string, number>();
  const blocks = planBlocks(p.points);
  const reads = [];
  for (const b of blocks) reads.push({ b, words: await link.read(1, b.table, b.start, b.count) });
  for (const { b, words } of reads) {
    for (const pt of b.points)
      if (pt.type === 'sunssf') raw.set(pt.key, decodeRaw(pt, words, pt.address - b.start));
  }
  for (const { b, words } of reads) {
    for (const pt of b.points) {
      values[pt.key] = decodePoint(
        pt,
        words,
        pt.address - b.start,
        pt.scaleRef ? (raw.get(pt.scaleRef) ?? null) : undefined,
      );
    }
  }
  return values;
}

describe('SunSpec discovery', () => {
  it('finds models where the device put them and reads the inverter correctly', async () => {
    // Model 103 body offsets: W = 12, W_SF = 13, St = 36 (SunSpec 103).
    const inverter = { id: 103, length: 50, set: { 12: 1234, 13: 1, 36: 4 } };
    const link = await deviceWith(image([{ id: 1, length: 66 }, { id: 160, length: 10 }, inverter], 0));
    const found = await discover(link, 1, layout);
    expect(found.base).toBe(0);
    expect(found.models.map((m) => [m.id, m.address])).toEqual([
      [1, 2],
      [160, 70],
      [103, 82],
    ]);
    const moved = relocate(profile, found);
    // This device has no controls model 123: its points are not read and cannot be written.
    expect(moved.points.find((p) => p.key === 'WMaxLimPct')).toBeUndefined();
    const values = await readAll(link, moved);
    expect(values.power).toBe(12340);
    expect(values.state).toBe('mppt');
  });

  it('accepts a single-phase model 101 in the inverter slot', async () => {
    const link = await deviceWith(
      image(
        [
          { id: 1, length: 66 },
          { id: 101, length: 50, set: { 12: 500, 13: 0, 36: 2 } },
        ],
        40000,
      ),
    );
    const moved = relocate(profile, await discover(link, 1, layout));
    expect(await readAll(link, moved)).toMatchObject({ power: 500, state: 'sleeping' });
  });

  it('names what a device has when the inverter model is missing', async () => {
    const link = await deviceWith(
      image(
        [
          { id: 1, length: 66 },
          { id: 201, length: 105 },
        ],
        40000,
      ),
    );
    const found = await discover(link, 1, layout);
    expect(() => relocate(profile, found)).toThrow(/no SunSpec model 101\/102\/103 \(it has 1, 201\)/);
  });

  it('says so when there is no SunSpec marker at any base', async () => {
    const link = await deviceWith(new Map([[40000, 1]]));
    await expect(discover(link, 1, layout)).rejects.toBeInstanceOf(SunSpecError);
  });
});
