import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebBridge, type WebBridge } from '../../electron/bridge/web';
import { openDatabase } from '../../electron/store/database';
import { Journal } from '../../electron/store/journal';
import type { DrillScale } from '../../electron/training/clock';
import { type DrillOptions, startTrainingDesk, type TrainingDesk } from '../../electron/training/desk';
import { loadScenario } from '../../sim/scenario';
import { quietLog, resources } from './desk';

export type DrillDesk = {
  desk: TrainingDesk;
  /** The drill desk served to browsers, as a trainee opens it. */
  bridge: WebBridge;
  /** The real desk's journal, where only the training records may land. */
  real: Journal;
  /** Abandons the drill (if not finished), closes everything and removes its folder. */
  stop(): Promise<void>;
};

/** A shipped drill on a training desk of its own, with a real journal beside it and its web bridge on a free port. */
export async function startDrillDesk(options: {
  scenario: string;
  scale: DrillScale;
  trainees: readonly string[];
  lead?: DrillOptions['lead'];
  accounts?: DrillOptions['accounts'];
}): Promise<DrillDesk> {
  const dir = mkdtempSync(join(tmpdir(), `drill-${options.scenario}-`));
  const real = new Journal(openDatabase(join(dir, 'real-journal.sqlite')));
  const desk = await startTrainingDesk({
    scenario: loadScenario(join(resources, 'scenarios', `${options.scenario}.json`)),
    trainees: options.trainees,
    lead: options.lead ?? { user: 'li.qiang', role: 'shift-lead' },
    scale: options.scale,
    resourcesDir: resources,
    drillsDir: join(dir, 'drills'),
    record: (input) => real.append(input),
    log: quietLog,
    ...(options.accounts ? { accounts: options.accounts } : {}),
  });
  const bridge = await startWebBridge({
    engine: desk.engine,
    host: '127.0.0.1',
    port: 0,
    token: null,
    rendererDir: join(process.cwd(), 'out', 'renderer'),
    log: quietLog,
  });
  return {
    desk,
    bridge,
    real,
    async stop() {
      await bridge.close();
      await desk.abandon().catch(() => {});
      real.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
