import { defaultIncidentHeapOptions, incidentHeapReport, measureIncidentHeap } from './incident-heap';
import { defaultJournal10mOptions, journal10mReport, measureJournal10m } from './journal-10m';
import { defaultPausesOptions, measurePauses, PIECES, type Piece, pausesReport } from './pauses';
import type { BenchSection } from './section';
import { defaultSoakOptions, measureSoak } from './soak';
import { soakReport } from './soak-report';

/** `--pauses-alone a,b`: the pieces measured alone (`none`: only all at once); all when not given. */
function pausesAlone(given: string | null): readonly Piece[] {
  if (given === null) return PIECES;
  const names = given === 'none' ? [] : given.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PIECES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`--pauses-alone: no piece ${unknown.join(', ')}; there are ${PIECES.join(', ')}`);
  return names as Piece[];
}

/** Issue 16's long-running figures: the soak, lag under maintenance, and a journal of over ten million events. */
export const soakSections: readonly BenchSection[] = [
  {
    name: 'soak',
    heading: '## Soak: a week of duty in fast time',
    async run({ smoke, arg, text, say }) {
      const options = smoke
        ? {
            ...defaultSoakOptions,
            minutes: 12,
            speed: 60,
            restarts: 1,
            warmupMin: 2,
            stormEveryMin: 5,
            syncEveryMin: 4,
            configEveryMin: 5,
          }
        : {
            ...defaultSoakOptions,
            minutes: arg('soak-minutes', defaultSoakOptions.minutes),
            speed: arg('soak-speed', defaultSoakOptions.speed),
            faultsPerDay: arg('soak-faults-per-day', defaultSoakOptions.faultsPerDay),
            interpreted: arg('soak-interpreted', 0) === 1,
            keepDir: text('soak-dir'),
          };
      say(`soak: ${options.minutes} simulated minutes at ${options.speed}×…`);
      return soakReport(await measureSoak(options, say));
    },
  },
  {
    name: 'incident-heap',
    heading: '## Soak: what one alarm incident leaves in the heap',
    async run({ smoke, arg, say }) {
      const options = smoke
        ? { incidents: 4, warmup: 1, every: 2 }
        : {
            ...defaultIncidentHeapOptions,
            incidents: arg('incident-heap-incidents', defaultIncidentHeapOptions.incidents),
          };
      return incidentHeapReport(await measureIncidentHeap(options, say), options);
    },
  },
  {
    name: 'pauses',
    heading: '## No pauses: engine lag while verify, history and backups run',
    async run({ smoke, arg, text, say }) {
      const options = smoke
        ? {
            ...defaultPausesOptions,
            events: 20_000,
            incrementEvents: 2_000,
            backlogSamples: 20_000,
            idleSeconds: 1,
          }
        : {
            ...defaultPausesOptions,
            events: arg('pauses-events', defaultPausesOptions.events),
            alone: pausesAlone(text('pauses-alone')),
          };
      return pausesReport(await measurePauses(options, say));
    },
  },
  {
    name: 'journal-10m',
    heading: '## Ten million events: upgrade, backup, restore',
    async run({ smoke, arg, say }) {
      const options = smoke
        ? { events: 20_000, incrementEvents: 1_000 }
        : { ...defaultJournal10mOptions, events: arg('events-10m', defaultJournal10mOptions.events) };
      return journal10mReport(await measureJournal10m(options, say));
    },
  },
];
