import type { RankingView, WorkOrderView } from '../../shared/api/contract';
import type { Device, Station } from '../../shared/api/model';
import { DEFAULT_ESCALATION, type EscalationConfig } from '../../shared/config/escalation';
import type { DeskConfig } from '../../shared/config/schema';
import { onCallAt } from '../../shared/crew/oncall';
import { type Candidate, rankCrews } from '../../shared/crew/rank';
import type { Roster } from '../../shared/crew/roster';
import { catalogueWords } from '../../shared/i18n/catalogue';
import { causeWords, word } from '../../shared/i18n/words';
import type { Actor, JsonValue } from '../../shared/journal/event';
import { targetsOf } from '../../shared/notify/audience';
import type { JobFacts, TextOptions } from '../../shared/notify/text';
import { jobText, LINK_AT_SEND } from '../../shared/notify/text';
import { CREW_LINK_TTL_MS } from '../../shared/sync/crew-link';
import { clocks, presetFor, type SlaSettings, type TimelineEntry } from '../../shared/triage/sla';
import type { DeskClock } from '../alarms/clock';
import type { AlarmService } from '../alarms/service';
import type { CrewNotices } from '../notify/crew-notices';
import type { CrewLinks } from '../sync/crew-link';
import { DutyRefusal } from './journal';
import type { WorkOrderService } from './service';

export type Crews = {
  roster: Roster | undefined;
  escalation: EscalationConfig;
  text: Omit<TextOptions, 'link'>;
  /** Escalations of one step go as one message per station and cause per this long. */
  digestMs: number;
};

/** The crews, escalation policy and message language of a configuration. */
export function crewsOf(config: Pick<DeskConfig, 'crews' | 'escalation' | 'notify'>): Crews {
  return {
    roster: config.crews,
    escalation: config.escalation ?? DEFAULT_ESCALATION,
    text: {
      language: config.notify?.language ?? 'zh-CN',
      timeZone: config.notify?.timeZone ?? 'Asia/Shanghai',
    },
    digestMs: (config.notify?.digestSeconds ?? 60) * 1000,
  };
}

export type DispatchOptions = {
  alarms: AlarmService;
  workOrders: WorkOrderService;
  clock: DeskClock;
  notices: CrewNotices;
  /** Mints the crew's link to the sync server's page; null while sync is off. */
  crewLink: () => CrewLinks | null;
};

const TIER_RANK = { remote: 0, 'on-site': 1, emergency: 2 } as const;
const CLASS_RANK = { general: 0, serious: 1, critical: 2 } as const;

/**
 * Dispatch from the roster: ranks the crews for a job (shared/crew/rank.ts)
 * with the SLA arrival deadline as if the crew left now, dispatches the
 * crew picked with the ranking journalled beside the pick, and sends the
 * crew its message with the link to the crew page.
 */
export class Dispatcher {
  private stations = new Map<string, Station>();
  private devices = new Map<string, Device>();
  private sla: SlaSettings | null = null;
  private crews: Crews = {
    roster: undefined,
    escalation: DEFAULT_ESCALATION,
    text: { language: 'zh-CN', timeZone: 'Asia/Shanghai' },
    digestMs: 60_000,
  };

  constructor(private readonly options: DispatchOptions) {}

  setFleet(stations: readonly Station[], devices: readonly Device[], sla: SlaSettings): void {
    this.stations = new Map(stations.map((s) => [s.id, s]));
    this.devices = new Map(devices.map((d) => [d.id, d]));
    this.sla = sla;
  }

  setCrews(crews: Crews): void {
    this.crews = crews;
  }

  get current(): Crews {
    return this.crews;
  }

  /** Station, device and cause of an alarm or work order in the messages' language. */
  names(of: { stationId: string; deviceId: string | null; cause: string | null }) {
    const words = catalogueWords(this.crews.text.language);
    return {
      stationName: this.stations.get(of.stationId)?.name ?? of.stationId,
      deviceName: of.deviceId ? (this.devices.get(of.deviceId)?.name ?? of.deviceId) : null,
      cause: of.cause === null ? '' : causeWords(of.cause, words),
    };
  }

  /** A clock's or report's name in the messages' language ("进展汇报"). */
  clockWords(clockId: string): string {
    return word(catalogueWords(this.crews.text.language), 'alarms.clock', clockId);
  }

  /** The alarms' job: station, device kind, worst tier and class, cause, and the clocks' timeline. */
  job(alarmIds: readonly string[]) {
    const incidents = alarmIds.map((id) => this.options.alarms.incident(id));
    const first = incidents[0];
    if (!first) throw new DutyRefusal('no alarm to dispatch for');
    const station = this.stations.get(first.stationId);
    if (!station) throw new DutyRefusal(`no station "${first.stationId}" in the configuration`);
    const worst = <T extends string>(values: T[], rank: Readonly<Record<T, number>>) =>
      values.reduce((a, b) => (rank[b] > rank[a] ? b : a));
    const device = first.deviceId ? (this.devices.get(first.deviceId) ?? null) : null;
    const timeline: TimelineEntry[] = [
      { event: 'raised', at: Math.min(...incidents.map((i) => i.raisedAt)) },
      ...incidents.flatMap((i) => this.options.workOrders.of(i.id, i.raisedAt).timeline),
    ];
    return {
      station,
      device,
      cause: this.names(first).cause,
      tier: worst(
        incidents.map((i) => i.tier),
        TIER_RANK,
      ),
      defectClass: worst(
        incidents.map((i) => i.defectClass),
        CLASS_RANK,
      ),
      timeline,
    };
  }

  rank(alarmIds: readonly string[]): RankingView {
    const nowMs = this.options.clock.now();
    const job = this.job(alarmIds);
    const arrivalDeadline = this.arrivalDeadline(job, nowMs);
    return {
      rankedAt: nowMs,
      stationId: job.station.id,
      arrivalDeadline,
      candidates: this.candidates(job, nowMs, arrivalDeadline),
    };
  }

  /**
   * Dispatches a work order; with a roster crew picked, ranks again at this
   * moment and journals that ranking and the pick's place in it, refuses a
   * crew on an emergency without an override reason, and sends the message.
   */
  dispatch(
    order: WorkOrderView,
    crew: string[],
    note: string | undefined,
    choice: { crewId: string; override?: string | undefined } | undefined,
    actor: Actor,
  ): WorkOrderView {
    const { workOrders } = this.options;
    if (!choice) return workOrders.dispatch(order.id, crew, note, actor);
    const nowMs = this.options.clock.now();
    const job = this.job(order.alarmIds);
    const arrivalDeadline = this.arrivalDeadline(job, nowMs);
    const ranking = this.candidates(job, nowMs, arrivalDeadline);
    const rank = ranking.findIndex((c) => c.crewId === choice.crewId);
    const picked = ranking[rank];
    const rosterCrew = this.crews.roster?.crews.find((c) => c.id === choice.crewId);
    if (!picked || !rosterCrew) throw new DutyRefusal(`no crew "${choice.crewId}" in the roster`);
    const override = choice.override?.trim() || null;
    if (!picked.offered && !override) {
      throw new DutyRefusal(
        `${picked.name} is on an emergency; give a reason to send it to another job (override)`,
      );
    }
    const names = crew.length > 0 ? crew : rosterCrew.members.map((m) => m.name);
    const expiresAt = nowMs + CREW_LINK_TTL_MS;
    const link = this.options.crewLink()?.mint({
      workOrderId: order.id,
      crewId: rosterCrew.id,
      crewName: rosterCrew.name,
      members: names,
      expiresAt,
      station: { id: job.station.id, name: job.station.name, lat: job.station.lat, lng: job.station.lng },
      device: job.device?.name ?? null,
      cause: job.cause,
      tier: order.tier,
      arrivalDeadline,
    });
    const data: Record<string, JsonValue> = {
      choice: {
        crewId: rosterCrew.id,
        rank,
        override,
        arrivalDeadline,
        ranking: ranking.map((c) => ({
          crewId: c.crewId,
          etaMinutes: Math.round(c.travel.minutes),
          offered: c.offered,
          onCall: c.onCall,
        })),
      },
      ...(link ? { crewLink: link.grant as unknown as JsonValue } : {}),
    };
    const view = workOrders.dispatch(order.id, names, override ?? note, actor, {
      crewId: rosterCrew.id,
      data,
    });
    const facts: JobFacts = {
      stationName: job.station.name,
      deviceName: job.device?.name ?? null,
      cause: job.cause,
      tier: order.tier,
      workOrderId: order.id,
      deadline: arrivalDeadline,
    };
    this.send(
      ['crew'],
      rosterCrew.id,
      facts,
      { kind: 'dispatch', crewName: rosterCrew.name, members: names },
      // The outbox keeps a mark, not the capability: the link is minted again as the message goes out.
      link ? LINK_AT_SEND : null,
      { subject: order.id, actor },
      {
        workOrder: order.id,
        station: job.station.id,
        crew: rosterCrew.id,
        ...(link ? { linkExpires: String(expiresAt) } : {}),
      },
    );
    return view;
  }

  /** One message to an audience of the roster, journalled through the outbox. */
  send(
    audiences: Parameters<typeof targetsOf>[0],
    crewId: string | null,
    facts: JobFacts,
    message: Parameters<typeof jobText>[1],
    link: string | null,
    about: { subject: string; actor?: Actor },
    refs: Record<string, string>,
  ): string[] {
    const { roster, escalation, text } = this.crews;
    const targets = targetsOf(audiences, {
      roster,
      escalation,
      onCall: onCallAt(roster?.onCall, this.options.clock.now()),
      crewId,
    });
    return this.options.notices.send(
      targets,
      {
        kind: message.kind,
        ...jobText(facts, message, { ...text, link }),
        ...(link && link !== LINK_AT_SEND ? { link } : {}),
        refs,
      },
      about,
    );
  }

  private candidates(
    job: ReturnType<Dispatcher['job']>,
    nowMs: number,
    arrivalDeadline: number | null,
  ): Candidate[] {
    const { roster } = this.crews;
    if (!roster) return [];
    return rankCrews({
      roster,
      station: job.station,
      job: { kind: job.device?.kind ?? null, defectClass: job.defectClass, tier: job.tier },
      nowMs,
      arrivalDeadline,
      loads: this.options.workOrders.loads(),
    });
  }

  /** The arrival clock's deadline if the crew were dispatched now (Shaoxing counts from dispatch, 000 from the alarm). */
  private arrivalDeadline(job: ReturnType<Dispatcher['job']>, nowMs: number): number | null {
    if (!this.sla) return null;
    const preset = presetFor(job.station, this.sla);
    const dispatched = job.timeline.some((e) => e.event === 'dispatched');
    const timeline = dispatched
      ? job.timeline
      : [...job.timeline, { event: 'dispatched' as const, at: nowMs }];
    const arrive = clocks(preset, job.tier, job.station, timeline, nowMs).find(
      (c) => c.kind === 'deadline' && c.id === 'arrive',
    );
    return arrive?.kind === 'deadline' ? arrive.deadline : null;
  }
}
