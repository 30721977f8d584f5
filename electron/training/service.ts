import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeskApi } from '../../shared/api/contract';
import type {
  AbandonedDrillView,
  DrillScenarioView,
  DrillSpeed,
  DrillsState,
  OperatorTraining,
  RunningDrillView,
  TrainingRecords,
} from '../../shared/api/drills';
import { ApiError, type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Role, Session } from '../../shared/auth/roles';
import type { DeskConfig } from '../../shared/config/schema';
import type { JournalEvent, JournalInput } from '../../shared/journal/event';
import { certificationOf, TrainingConfig } from '../../shared/training/certification';
import { trainingRecords } from '../../shared/training/records';
import { type DrillReport, TRAINING_DRILL_EVENT } from '../../shared/training/report';
import type { AccountStore, CopiedAccount } from '../auth/accounts';
import type { Logger } from '../log/logger';
import type { ReportService } from '../reports/service';
import type { Journal } from '../store/journal';
import { findAbandonedDrills } from './folders';
import { drillReportPdf } from './pdf';
import { trainingRecordsXlsx } from './records-xlsx';
import { drillReportXlsx } from './xlsx';

/** What the desk asks of whoever starts training desks (electron/training/launch.ts). */
export type LaunchRequest = {
  scenario: string;
  trainees: string[];
  accounts: CopiedAccount[];
  lead: Session;
  speed: DrillSpeed;
  drillsDir: string;
  record(input: JournalInput): JournalEvent;
  channels: readonly ({ id: string } & Record<string, unknown>)[];
  /** The real desk's clock, for the start the drill's folder keeps. */
  now(): number;
  log: Logger;
};

export type LaunchedDrill = {
  drillId: string;
  url: string;
  port: number;
  finish(remarks: string): Promise<{ report: DrillReport; reportHash: string }>;
  abandon(): Promise<void>;
};

/**
 * Training desks as the engine sees them: the library to choose from and
 * a way to start one. The engine never imports the simulator, so the
 * shells hand this in.
 */
export type DrillLauncher = {
  library(): { scenarios: DrillScenarioView[]; errors: string[] };
  launch(request: LaunchRequest): Promise<LaunchedDrill>;
};

/** Drills run side by side, each with its own fleet and engine; more than this and the desk itself would suffer. */
export const MAX_RUNNING_DRILLS = 3;

type DrillApi = Pick<
  DeskApi,
  'drills.list' | 'drill.start' | 'drill.end' | 'drill.report' | 'training.records' | 'training.export'
>;

type Deps = {
  launcher: DrillLauncher | null;
  /** Why this desk runs no drills even with a launcher (a training desk itself); null when it does. */
  refusal: string | null;
  journal: Journal;
  accounts: AccountStore;
  drillsDir: string;
  config(): DeskConfig;
  reports: ReportService;
  resourcesDir: string;
  now(): number;
  log: Logger;
  emit(frame: EventFrame): void;
};

type Running = { view: RunningDrillView; drill: LaunchedDrill; ending: boolean };

/**
 * A trainee works the drill desk as a monitor; a shift lead or an admin as
 * a shift lead, who may sign a handover there too. Nobody is an admin of a
 * drill desk, and a manager trains as the monitor they would stand in for.
 */
function drillRole(role: Role): Role {
  return role === 'shift-lead' || role === 'admin' ? 'shift-lead' : 'monitor';
}

const READ_PAGE = 5000;

/**
 * Drills started from the desk (issue 18): the contract's drill methods on
 * the real desk. Each running drill is a training desk with its own folder
 * under `drillsDir`, its own engine and its own web address; the trainees'
 * accounts are copied to it so they sign in as themselves. Only the
 * training records come back, into this desk's journal, when a drill ends.
 */
export function startDrills(deps: Deps) {
  const running = new Map<string, Running>();
  const { journal, accounts, log } = deps;
  const changed = (reason: string) => deps.emit(eventFrame('drills.changed', { reason }));
  const training = () => deps.config().training ?? TrainingConfig.parse({});
  // Running drills live in this process only: any a previous run left without a report were abandoned.
  const abandoned: AbandonedDrillView[] = deps.refusal
    ? []
    : findAbandonedDrills(deps.drillsDir, deps.now(), log);

  function launcher(): DrillLauncher {
    if (deps.refusal) throw new ApiError('unavailable', deps.refusal);
    if (!deps.launcher) throw new ApiError('unavailable', 'this desk was started without training desks');
    return deps.launcher;
  }

  /** Every `training.drill` event of the real journal, oldest first. */
  function recordEvents(): JournalEvent[] {
    const events: JournalEvent[] = [];
    for (let afterSeq = 0; ; ) {
      const page = journal.read({ type: TRAINING_DRILL_EVENT, afterSeq, limit: READ_PAGE });
      events.push(...page);
      const last = page.at(-1);
      if (page.length < READ_PAGE || !last) return events;
      afterSeq = last.seq;
    }
  }

  function traineeAccounts(names: readonly string[]): CopiedAccount[] {
    const busy = new Map(
      [...running.values()].flatMap((r) => r.view.trainees.map((t) => [t, r.view] as const)),
    );
    return names.map((user) => {
      const account = accounts.get(user);
      if (!account)
        throw new ApiError(
          'invalid',
          `${user} has no account on this desk: trainees sign in on the drill desk as themselves, so an admin creates their account first`,
        );
      if (account.role === 'wallboard') throw new ApiError('invalid', `${user} is a wallboard, not a person`);
      const copy = accounts.copyOf(account.user, drillRole(account.role));
      if (!copy) throw new ApiError('invalid', `${user}'s account is disabled`);
      const other = busy.get(account.user);
      if (other)
        throw new ApiError(
          'invalid',
          `${user} is in the drill "${other.title.en}" already: end that one first`,
        );
      return copy;
    });
  }

  function state(): DrillsState {
    const unavailable =
      deps.refusal ?? (deps.launcher ? null : 'this desk was started without training desks');
    const library = deps.launcher && !deps.refusal ? deps.launcher.library() : { scenarios: [], errors: [] };
    return {
      library: library.scenarios,
      libraryErrors: library.errors,
      trainees: accounts
        .list()
        .filter((a) => !a.disabled && a.role !== 'wallboard')
        .map((a) => ({ user: a.user, role: a.role })),
      running: [...running.values()].map((r) => r.view),
      abandoned,
      unavailable,
    };
  }

  function records(): TrainingRecords {
    const config = training();
    const now = deps.now();
    const byName = new Map(trainingRecords(recordEvents(), config.passMark).map((r) => [r.trainee, r]));
    const people = accounts.list().filter((a) => a.role !== 'wallboard');
    const names = [...new Set([...people.map((a) => a.user), ...byName.keys()])].sort((a, b) =>
      a.localeCompare(b),
    );
    const operators = names.map((trainee): OperatorTraining => {
      const own = byName.get(trainee) ?? { drills: [], passed: 0, failed: 0 };
      return {
        trainee,
        role: people.find((a) => a.user === trainee)?.role ?? null,
        drills: own.drills.map((d) => ({
          drillId: d.drillId,
          scenario: d.scenario,
          title: d.title,
          score: d.score,
          passed: d.passed,
          lead: d.lead,
          recordedAt: d.recordedAt,
          reportHash: d.reportHash,
        })),
        passed: own.passed,
        failed: own.failed,
        ...certificationOf(own, config, now),
      };
    });
    return { passMark: config.passMark, retrainEveryDays: config.retrainEveryDays, asOf: now, operators };
  }

  /** An ended drill's report as written, refused if it is not the report its records point at. */
  function endedReport(drillId: string): { report: DrillReport; reportHash: string } {
    const record = recordEvents().find((e) => (e.data as { drillId?: unknown }).drillId === drillId);
    if (!record) throw new ApiError('invalid', `no drill ${drillId} has ended on this desk`);
    let text: string;
    try {
      text = readFileSync(join(deps.drillsDir, drillId, 'report.json'), 'utf8');
    } catch (error) {
      throw new ApiError(
        'unavailable',
        `the report of drill ${drillId} is missing: ${(error as Error).message}`,
      );
    }
    const reportHash = createHash('sha256').update(text, 'utf8').digest('hex');
    if (reportHash !== (record.data as { reportHash?: unknown }).reportHash)
      throw new ApiError(
        'invalid',
        `the report of drill ${drillId} does not match the hash its training record carries: it was changed`,
      );
    return { report: JSON.parse(text) as DrillReport, reportHash };
  }

  const api: DrillApi = {
    'drills.list': async () => state(),
    'drill.start': async (params, session) => {
      const start = launcher();
      const scenario = start.library().scenarios.find((s) => s.name === params.scenario);
      if (!scenario) throw new ApiError('invalid', `no drill "${params.scenario}" in the library`);
      if (running.size >= MAX_RUNNING_DRILLS)
        throw new ApiError('unavailable', `${MAX_RUNNING_DRILLS} drills are running: end one first`);
      const trainees = [...new Set(params.trainees)];
      const copies = traineeAccounts(trainees);
      const drill = await start.launch({
        scenario: scenario.name,
        trainees: copies.map((c) => c.user),
        accounts: copies,
        lead: session,
        speed: params.speed,
        drillsDir: deps.drillsDir,
        record: (input) => journal.append(input),
        channels: (deps.config().notify?.channels ?? []) as LaunchRequest['channels'],
        now: deps.now,
        log,
      });
      const view: RunningDrillView = {
        drillId: drill.drillId,
        scenario: scenario.name,
        title: scenario.title,
        trainees: copies.map((c) => c.user),
        lead: session.user,
        speed: params.speed,
        startedAt: deps.now(),
        url: drill.url,
        port: drill.port,
      };
      running.set(drill.drillId, { view, drill, ending: false });
      log.info(
        `${session.user} started drill ${scenario.name} (${drill.drillId}) for ${view.trainees.join(', ')}`,
      );
      changed('started');
      return view;
    },
    'drill.end': async (params) => {
      const entry = running.get(params.drillId);
      if (!entry) throw new ApiError('invalid', `drill ${params.drillId} is not running`);
      if (entry.ending) throw new ApiError('invalid', `drill ${params.drillId} is ending already`);
      entry.ending = true;
      const { passMark } = training();
      try {
        const { report, reportHash } = await entry.drill.finish(params.remarks);
        return {
          drillId: params.drillId,
          reportHash,
          scores: report.scores.map((s) => ({
            trainee: s.trainee,
            score: s.total,
            passed: s.total >= passMark,
          })),
        };
      } finally {
        running.delete(params.drillId);
        changed('ended');
      }
    },
    'drill.report': async (params) => {
      const { report, reportHash } = endedReport(params.drillId);
      const file =
        params.format === 'pdf'
          ? await drillReportPdf(report, reportHash, params.lang, deps.resourcesDir)
          : await drillReportXlsx(report, reportHash, params.lang);
      return deps.reports.offer(
        file,
        `drill-${report.scenario.name}-${report.drillId}.${params.format}`,
        params.format,
      );
    },
    'training.records': async () => records(),
    'training.export': async (params) => {
      const file = await trainingRecordsXlsx(records(), params.lang, deps.config().shifts.timeZone);
      return deps.reports.offer(file, 'training-records.xlsx', 'xlsx');
    },
  };

  return {
    api,
    /**
     * Running drills are abandoned as the desk stops: no record for a drill
     * nobody ended. The next start marks them so, as it would after a crash.
     */
    async stop(): Promise<void> {
      const all = [...running.values()];
      running.clear();
      await Promise.all(
        all.map((r) => {
          log.warn(
            `drill ${r.view.drillId} (${r.view.scenario}) abandoned: the desk is stopping while it runs`,
          );
          return r.drill
            .abandon()
            .catch((error: unknown) => log.error(`drill ${r.view.drillId}: ${String(error)}`));
        }),
      );
    },
  };
}
