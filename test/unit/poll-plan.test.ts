import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scheduleBlocks } from '../../electron/acquisition/poller';
import { joinBlock, planBlocks } from '../../shared/profile/blocks';
import { Profile } from '../../shared/profile/schema';

const dir = join(import.meta.dirname, '../../resources/profiles');
const profiles = readdirSync(dir).map((f) => Profile.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));

describe('poll plan', () => {
  it('every point of every shipped profile is read, each in exactly one block', () => {
    for (const profile of profiles) {
      const keys = scheduleBlocks(profile).flatMap((b) => b.points.map((p) => p.key));
      expect(keys.sort()).toEqual(profile.points.map((p) => p.key).sort());
    }
  });

  it('chargers are read with one request per cycle (round trips dominate a 5,000-device fleet)', () => {
    for (const id of ['ac-7kw', 'dc-120kw-dual']) {
      const profile = profiles.find((p) => p.id === id);
      const everyCycle = scheduleBlocks(profile as Profile).filter((b) => b.every === 1);
      expect(everyCycle, id).toHaveLength(1);
    }
  });

  it('a slower point joins a faster block it fits into, and not one it does not', () => {
    const [block] = planBlocks([point('a', 0, 1), point('b', 1, 1)]);
    if (!block) throw new Error('no block');
    expect(joinBlock(block, point('slow', 6, 5), 8)).toBe(true);
    expect([block.start, block.count]).toEqual([0, 7]);
    expect(joinBlock(block, point('far', 40, 5), 8)).toBe(false);
    expect(joinBlock(block, { ...point('input', 3, 5), table: 'input' }, 8)).toBe(false);
  });
});

function point(key: string, address: number, every: number) {
  return Profile.shape.points.element.parse({
    key,
    label: { 'zh-CN': key, en: key },
    address,
    type: 'u16',
    every,
  });
}
