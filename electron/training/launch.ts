import type { DrillScenarioView } from '../../shared/api/drills';
import { ApiError } from '../../shared/api/frames';
import { startWebBridge } from '../bridge/web';
import { DrillRefusal, loadDrillLibrary, startTrainingDesk } from './desk';
import type { DrillLauncher } from './service';

type LibraryScenario = ReturnType<typeof loadDrillLibrary>['scenarios'][number];

function viewOf(scenario: LibraryScenario): DrillScenarioView[] {
  const e = scenario.expected;
  if (!e) return [];
  return [
    {
      name: scenario.name,
      title: scenario.title ?? { 'zh-CN': scenario.name, en: scenario.name },
      briefing: scenario.briefing ?? { 'zh-CN': '', en: '' },
      tier: e.tier,
      ackWithinMs: e.ackWithin,
      dispatch: e.dispatch !== null,
      outage: e.outage !== null,
    },
  ];
}

/**
 * Training desks as the shells start them: the drill's engine and fleet
 * (electron/training/desk.ts) behind a web bridge of its own on loopback,
 * on a port the OS picks, so trainees open it in a browser beside the
 * desk and sign in there. `rendererDir` is the built UI the bridge serves
 * (null: the contract only, for tests).
 */
export function trainingDesks(options: { resourcesDir: string; rendererDir: string | null }): DrillLauncher {
  return {
    library() {
      const { scenarios, errors } = loadDrillLibrary(options.resourcesDir);
      return { scenarios: scenarios.flatMap(viewOf), errors };
    },
    async launch(request) {
      const scenario = loadDrillLibrary(options.resourcesDir).scenarios.find(
        (s) => s.name === request.scenario,
      );
      if (!scenario) throw new ApiError('invalid', `no drill "${request.scenario}" in the library`);
      const desk = await startTrainingDesk({
        scenario,
        trainees: request.trainees,
        accounts: request.accounts,
        lead: request.lead,
        scale: request.speed,
        resourcesDir: options.resourcesDir,
        drillsDir: request.drillsDir,
        record: request.record,
        log: request.log,
        channels: request.channels,
        deskNow: request.now,
      }).catch((error: unknown) => {
        throw error instanceof DrillRefusal ? new ApiError('invalid', error.message) : error;
      });
      const bridge = await startWebBridge({
        engine: desk.engine,
        host: '127.0.0.1',
        port: 0,
        token: null,
        rendererDir: options.rendererDir,
        log: request.log.child(`drill ${desk.drillId} bridge`),
      }).catch(async (error: unknown) => {
        await desk.abandon();
        throw error;
      });
      return {
        drillId: desk.drillId,
        url: bridge.url,
        port: bridge.port,
        async finish(remarks) {
          await bridge.close();
          return desk.finish(remarks);
        },
        async abandon() {
          await bridge.close();
          await desk.abandon();
        },
      };
    },
  };
}
