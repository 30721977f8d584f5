import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../../node/resources';
import { parseCommand } from '../../sim/commands';
import { formatOffset, loadScenario, parseOffset, parseScenario } from '../../sim/scenario';

const STATIONS = new Set(['sx01', 'sx02', 'sx03']);
const scenariosDir = join(resourcesDir(), 'scenarios');

describe('scenario times', () => {
  it('reads and writes offsets like 0s, 90s, 5m and 1h30m', () => {
    const offsets = {
      '0s': 0,
      '90s': 90_000,
      '5m': 300_000,
      '1h30m': 5_400_000,
      '250ms': 250,
      '1.5m': 90_000,
    };
    for (const [text, ms] of Object.entries(offsets)) expect(parseOffset(text), text).toBe(ms);
    expect(() => parseOffset('5 min')).toThrow('"5 min" is not a time like 0s, 90s, 5m or 1h30m');
    expect(formatOffset(90_000)).toBe('1m30s');
    expect(formatOffset(5_400_000)).toBe('1h30m');
    expect(formatOffset(0)).toBe('0s');
  });
});

describe('scenario files', () => {
  const base = { name: 'drill', steps: [{ at: '0s', do: 'offline', station: 'sx01' }] };
  const withStep = (step: object, before: object[] = []) => ({ ...base, steps: [...before, step] });

  it('parses a scenario into steps with times in ms and defaults filled in', () => {
    const s = parseScenario({
      name: 'drill',
      steps: [
        { at: '0s', do: 'anomaly', device: 'sx01-dc1', kind: 'insulation-fault', note: 'watch the wall' },
        { at: '90s', do: 'clear', device: 'sx01-dc1' },
        { at: '2m', do: 'fault', station: 'sx02', unit: 3, fault: { kind: 'slow', delayMs: 1500 } },
        { at: '5m', do: 'set', device: 'sx02-ac1', key: 'gun1.state', value: 'unavailable' },
      ],
    });
    expect(s.steps.map((step) => step.at)).toEqual([0, 90_000, 120_000, 300_000]);
    expect(s.steps[1]).toEqual({ at: 90_000, do: 'clear', device: 'sx01-dc1', reset: false });
  });

  it('names the step and the field of each mistake', () => {
    const bad = (data: object) => () => parseScenario(data, 'x.json');
    expect(bad(withStep({ at: '0s', do: 'anomaly', device: 'sx01-dc1', kind: 'insulation' }))).toThrow(
      /^x\.json: steps\[0\]\.kind: Invalid option: expected one of "over-temperature"\|/,
    );
    expect(bad(withStep({ at: '0s', do: 'explode', station: 'sx01' }))).toThrow(
      /^x\.json: steps\[0\]\.do: Invalid discriminator value/,
    );
    expect(
      bad(withStep({ at: '1m', do: 'fault', station: 'sx01', fault: { kind: 'slow' } }, base.steps)),
    ).toThrow(/^x\.json: steps\[1\]\.fault\.delayMs: Invalid input: expected number/);
    expect(bad(withStep({ at: 'soon', do: 'online', station: 'sx01' }))).toThrow(
      'x.json: steps[0].at: a time like "0s", "90s", "5m" or "1h30m"',
    );
    expect(bad(withStep({ at: '1m', do: 'online', station: 'sx01', unit: 2 }))).toThrow(
      'x.json: steps[0]: Unrecognized key: "unit"',
    );
    expect(
      bad({
        name: 'drill',
        steps: [
          { at: '5m', do: 'offline', station: 'sx01' },
          { at: '2m', do: 'online', station: 'sx01' },
        ],
      }),
    ).toThrow('x.json: steps[1].at: 2m comes before the step above it (5m); list steps in time order');
    expect(bad({ name: 'drill', steps: [] })).toThrow(/^x\.json: steps: Too small/);
  });

  it('names the file of missing or broken JSON', () => {
    expect(() => loadScenario('/nonexistent/drill.json')).toThrow('/nonexistent/drill.json: no such file');
    expect(() => loadScenario(join(resourcesDir(), 'profiles'))).toThrow(/profiles: not valid JSON/);
  });

  it('ships example drills that parse', () => {
    const files = readdirSync(scenariosDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const s = loadScenario(join(scenariosDir, f));
      expect(`${s.name}.json`).toBe(f);
      expect(JSON.parse(readFileSync(join(scenariosDir, f), 'utf8')).steps.length).toBe(s.steps.length);
    }
  });
});

describe('prompt commands', () => {
  const parse = (line: string) => parseCommand(line, STATIONS);

  it('parses each command', () => {
    expect(parse('anomaly sx01-dc1 insulation-fault')).toEqual({
      do: 'anomaly',
      device: 'sx01-dc1',
      kind: 'insulation-fault',
    });
    expect(parse('  clear   sx01-dc1  ')).toEqual({
      do: 'clear',
      device: 'sx01-dc1',
      kind: undefined,
      reset: false,
    });
    expect(parse('clear sx01-dc1 smoke')).toMatchObject({ do: 'clear', kind: 'smoke' });
    expect(parse('clear sx02')).toEqual({ do: 'clearFault', station: 'sx02', unit: undefined });
    expect(parse('clear sx02 4')).toEqual({ do: 'clearFault', station: 'sx02', unit: 4 });
    expect(parse('fault sx02 silent')).toEqual({ do: 'fault', station: 'sx02', fault: { kind: 'silent' } });
    expect(parse('fault sx02 silent 3')).toMatchObject({ unit: 3 });
    expect(parse('fault sx02 slow 2500 3')).toEqual({
      do: 'fault',
      station: 'sx02',
      fault: { kind: 'slow', delayMs: 2500 },
      unit: 3,
    });
    expect(parse('fault sx02 exception 6')).toMatchObject({ fault: { kind: 'exception', code: 6 } });
    expect(parse('fault sx02 malformed truncated 2')).toMatchObject({
      fault: { kind: 'malformed', variant: 'truncated' },
      unit: 2,
    });
    expect(parse('fault sx02 malformed 2')).toMatchObject({ fault: { kind: 'malformed' }, unit: 2 });
    expect(parse('offline sx03')).toEqual({ do: 'offline', station: 'sx03' });
    expect(parse('ONLINE sx03')).toEqual({ do: 'online', station: 'sx03' });
    expect(parse('reset sx01-dc1')).toEqual({ do: 'reset', device: 'sx01-dc1' });
    expect(parse('set sx01-ac1 gun1.temperature 95.5')).toEqual({
      do: 'set',
      device: 'sx01-ac1',
      key: 'gun1.temperature',
      value: 95.5,
    });
    expect(parse('set sx01-ac1 gun1.state faulted')).toMatchObject({ value: 'faulted' });
    expect(parse('set sx01-pv1 power null')).toMatchObject({ value: null });
    expect(parse('release sx01-ac1 gun1.state')).toEqual({
      do: 'release',
      device: 'sx01-ac1',
      key: 'gun1.state',
    });
    expect(parse('help')).toEqual({ do: 'help' });
    expect(parse('status')).toEqual({ do: 'status' });
  });

  it('says what is wrong with a bad line', () => {
    expect(() => parse('')).toThrow('empty command; type help');
    expect(() => parse('explode sx01')).toThrow('unknown command "explode"; type help');
    expect(() => parse('anomaly sx01-dc1')).toThrow('usage: anomaly <device> <kind>');
    expect(() => parse('anomaly sx01-dc1 fire')).toThrow(
      /^unknown anomaly "fire"; kinds: over-temperature, /,
    );
    expect(() => parse('fault sx02 slow')).toThrow('slow <ms> must be a whole number 1–600000, not ""');
    expect(() => parse('fault sx02 loud')).toThrow(/^unknown fault "loud"; usage: fault <station>/);
    expect(() => parse('fault sx02 silent 300')).toThrow('unit id must be a whole number 0–255, not "300"');
    expect(() => parse('fault sx02 silent 1 2')).toThrow(/^usage: fault <station>/);
    expect(() => parse('offline')).toThrow('usage: offline <station>');
    expect(() => parse('clear sx02 x')).toThrow('unit id must be a whole number 0–255, not "x"');
  });
});
