import type { z } from 'zod';
import type { AlarmView } from '../../shared/api/alarms';
import type { HandoverCurrent, HandoverSearch } from '../../shared/api/handover';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import { can, type Session } from '../../shared/auth/roles';
import { HANDOVER_EVENT, HANDOVER_EVENT_TYPES, handoverSubject } from '../../shared/handover/events';
import {
  correctable,
  projectRecord,
  type RecordFacts,
  recordFacts,
  summarize,
} from '../../shared/handover/project';
import type {
  CheckResult,
  HandoverRecord,
  HandoverState,
  HandoverSummary,
} from '../../shared/handover/record';
import { type Shift, type ShiftSchedule, shiftAt, shiftIfKnown } from '../../shared/handover/schedule';
import { bySearchOrder, matchEntry, searchEntry } from '../../shared/handover/search';
import { assembleSnapshot } from '../../shared/handover/snapshot';
import type { JournalEvent, JournalInput } from '../../shared/journal/event';
import type { SlaRuleTexts } from '../../shared/triage/sla';
import type { Authenticator } from '../auth/authenticator';
import type { Logger } from '../log/logger';
import { HandoverSearchIndex, type SearchIndexPort, type SearchJournal } from './search-index';
import type { WorkSource } from './work-source';

/** What the handover needs of the journal: append, read by subject (one record), and what its search index reads. */
export type HandoverJournal = SearchJournal & {
  /** The journal's file; '' or ':memory:' for one kept in memory. */
  readonly file: string;
  append(input: JournalInput): JournalEvent;
};

/** Where the snapshot comes from: the fleet, its live status, the alarm queue, work orders. */
export type HandoverSources = {
  stations(): readonly Station[];
  devices(): readonly Device[];
  status(): readonly DeviceStatus[];
  alarms(): Promise<readonly AlarmView[]>;
  /** The basis of each SLA clock, which alarm records leave out. */
  slaRules?(): Promise<SlaRuleTexts>;
  work: WorkSource;
};

/**
 * Other desks' handover events received through sync, in the server's
 * order: a page of those after `afterGseq`.
 */
export type RemoteHandovers = {
  read(afterGseq: number, limit: number): { gseq: number; event: JournalEvent }[];
};

export type HandoverServiceOptions = {
  journal: HandoverJournal;
  /** Without it the search covers this desk's records only. */
  remote?: RemoteHandovers;
  authenticator: Authenticator;
  schedule: () => ShiftSchedule;
  sources: HandoverSources;
  now?: () => number;
  onChanged?: (shiftId: string, state: HandoverState) => void;
  /** Where the search index is kept beside the journal; without it, in memory, built again at each start. */
  searchFile?: string | null;
  /** The search index kept elsewhere (in a worker); `searchFile` is then not used. */
  searchIndex?: SearchIndexPort;
  log?: Logger;
};

/** A refused handover action, with what the person should do instead. */
export class HandoverRefusal extends Error {
  constructor(
    readonly code: 'invalid' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'HandoverRefusal';
  }
}

const PAGE = 1000;

type SearchQuery = z.output<typeof HandoverSearch>;

/**
 * The shift handover: a record per shift, projected from `handover.*`
 * journal events. Until the outgoing lead signs, the desk keeps the
 * snapshot current and the monitor adds notes and daily checks; the
 * signature freezes the snapshot into the journal; the incoming lead's
 * acceptance closes it; after that only linked corrections are appended.
 */
export class HandoverService {
  private readonly now: () => number;
  /**
   * The records read so far, each whole (every event of its shift, in
   * journal order), by shift id. Start reads none: the current draft and
   * any other record come from the journal by their subject when first
   * asked for, so start costs the same on the first day and after five
   * years. The search reads its own index (search-index.ts), not these.
   */
  private readonly records = new Map<string, JournalEvent[]>();
  /** Other desks' records as received: desk id → shift id → events in that desk's order. */
  private readonly remote = new Map<string, Map<string, JournalEvent[]>>();
  private remoteCursor = 0;
  private readonly index: SearchIndexPort;

  constructor(private readonly options: HandoverServiceOptions) {
    this.now = options.now ?? Date.now;
    this.index =
      options.searchIndex ??
      HandoverSearchIndex.kept(options.journal, options.searchFile ?? null, options.log);
  }

  /** Builds the search index or brings it up to date, in slices while the desk runs. */
  prepareSearch(): Promise<void> {
    return this.index.catchUp(this.options.schedule());
  }

  /** The search index's file is closed; a catch-up under way stops. */
  stop(): void {
    this.index.close();
  }

  async current(): Promise<HandoverCurrent> {
    const now = this.now();
    const shift = shiftAt(this.options.schedule(), now);
    const previous = shiftAt(this.options.schedule(), shift.startsAt - 1);
    return {
      record: await this.build(shift),
      previous: summarize(await this.build(previous), null),
    };
  }

  async get(shiftId: string, desk?: string): Promise<HandoverRecord> {
    if (desk === undefined) return this.build(this.shiftOf(shiftId));
    const record = this.remoteRecord(desk, shiftId);
    if (!record) {
      throw new HandoverRefusal(
        'invalid',
        `no signed handover ${shiftId} of desk ${desk} has been received; records of other desks arrive through sync once signed`,
      );
    }
    return record;
  }

  async note(
    shiftId: string,
    text: string,
    stationId: string | null,
    actor: Session,
  ): Promise<HandoverRecord> {
    const shift = this.shiftOf(shiftId);
    this.requireDraft(shift, 'add a note');
    if (stationId !== null && !this.options.sources.stations().some((s) => s.id === stationId)) {
      throw new HandoverRefusal('invalid', `no station ${stationId}`);
    }
    this.append(shift, HANDOVER_EVENT.note, { shiftId: shift.id, text, stationId }, actor);
    return this.changed(shift);
  }

  /** Daily checks belong to the shift in progress: they say what this shift saw. */
  async recordCheck(result: CheckResult, actor: Session): Promise<HandoverRecord> {
    const shift = shiftAt(this.options.schedule(), this.now());
    this.requireDraft(shift, 'record a check');
    this.append(shift, HANDOVER_EVENT.check, { shiftId: shift.id, result }, actor);
    return this.changed(shift);
  }

  async sign(
    shiftId: string,
    user: string,
    password: string,
    reason: string | null = null,
  ): Promise<HandoverRecord> {
    const signer = await this.authenticate(user, password, 'sign');
    const shift = this.shiftOf(shiftId);
    // Checked after the password: the record may have changed while it was being verified.
    this.requireDraft(shift, 'sign');
    const facts = this.facts(shift.id);
    const snapshot = await this.liveSnapshot(facts);
    this.append(
      shift,
      HANDOVER_EVENT.signed,
      { shift, snapshot, notes: facts.notes.map((n) => n.id) },
      signer,
      reason,
    );
    return this.changed(shift);
  }

  async accept(
    shiftId: string,
    user: string,
    password: string,
    reason: string | null = null,
  ): Promise<HandoverRecord> {
    const receiver = await this.authenticate(user, password, 'accept');
    const shift = this.shiftOf(shiftId);
    const facts = this.facts(shift.id);
    if (!facts.signed)
      throw new HandoverRefusal('invalid', 'the outgoing lead has not signed this handover yet');
    if (facts.acceptance) {
      throw new HandoverRefusal(
        'invalid',
        `already accepted by ${facts.acceptance.user}; add a correction instead`,
      );
    }
    if (facts.signed.signature.user === receiver.user) {
      throw new HandoverRefusal(
        'forbidden',
        `${receiver.user} signed as the outgoing lead; the incoming lead must accept with their own account`,
      );
    }
    this.append(
      shift,
      HANDOVER_EVENT.accepted,
      { shiftId: shift.id, signed: facts.signed.signature.eventId },
      receiver,
      reason,
    );
    return this.changed(shift);
  }

  async correct(
    shiftId: string,
    user: string,
    password: string,
    text: string,
    corrects: string | undefined,
  ): Promise<HandoverRecord> {
    const author = await this.authenticate(user, password, 'correct');
    const shift = this.shiftOf(shiftId);
    const record = await this.build(shift);
    if (record.state !== 'accepted' || !record.acceptance) {
      throw new HandoverRefusal(
        'invalid',
        record.state === 'draft'
          ? 'this handover is still a draft: add a note instead'
          : 'this handover waits for the incoming lead; corrections follow acceptance',
      );
    }
    const target = corrects ?? record.acceptance.eventId;
    if (!correctable(record).has(target)) {
      throw new HandoverRefusal('invalid', `${target} is not an entry of the handover ${shift.id}`);
    }
    this.append(shift, HANDOVER_EVENT.corrected, { shiftId: shift.id, text, corrects: target }, author);
    return this.changed(shift);
  }

  /**
   * This desk's records and the signed records of the organisation's other
   * desks received through sync (each summary names its desk), newest shift
   * first; for one shift, this desk's own record comes first.
   */
  async search(query: SearchQuery): Promise<{ results: HandoverSummary[]; more: boolean }> {
    const own = await this.index.search(query, query.limit, this.options.schedule());
    const found = [...own.results];
    this.pullRemote();
    for (const [desk, shifts] of this.remote) {
      for (const shiftId of shifts.keys()) {
        const record = this.remoteRecord(desk, shiftId);
        const hit = record && matchEntry(searchEntry(record), query);
        if (hit) found.push(hit);
      }
    }
    found.sort(bySearchOrder);
    // Own records past the limit were left out; `more` from the index says there were some.
    return { results: found.slice(0, query.limit), more: own.more || found.length > query.limit };
  }

  private async authenticate(user: string, password: string, act: string): Promise<Session> {
    const session = await this.options.authenticator.verify(user, password);
    if (!session) {
      throw new HandoverRefusal(
        'forbidden',
        `wrong user name or password: nothing was recorded, ${act} again`,
      );
    }
    if (!can(session.role, 'handover.sign')) {
      throw new HandoverRefusal(
        'forbidden',
        `${session.user} is signed up as ${session.role}; only a shift lead or an admin may ${act} a handover`,
      );
    }
    return session;
  }

  private shiftOf(shiftId: string): Shift {
    const shift = this.knownShift(shiftId);
    if (!shift) {
      throw new HandoverRefusal(
        'invalid',
        `no shift ${shiftId} under the schedule ${this.options.schedule().starts.join(' / ')}`,
      );
    }
    if (shift.startsAt > this.now())
      throw new HandoverRefusal('invalid', `the shift ${shiftId} has not begun`);
    return shift;
  }

  /** A signed record keeps the shift it was signed for, whatever the schedule says today. */
  private knownShift(shiftId: string): Shift | null {
    const signed = this.facts(shiftId).signed;
    if (signed) return signed.shift;
    return shiftIfKnown(this.options.schedule(), shiftId);
  }

  private requireDraft(shift: Shift, act: string): void {
    const facts = this.facts(shift.id);
    if (facts.acceptance) {
      throw new HandoverRefusal(
        'invalid',
        `the handover ${shift.id} is signed and accepted and cannot change; add a correction instead of trying to ${act}`,
      );
    }
    if (facts.signed) {
      throw new HandoverRefusal(
        'invalid',
        `the handover ${shift.id} was signed by ${facts.signed.signature.user} and cannot change; cannot ${act}`,
      );
    }
  }

  private facts(shiftId: string): RecordFacts {
    return recordFacts(this.eventsOf(shiftId));
  }

  /** One record's events, read from the journal by its subject the first time. */
  private eventsOf(shiftId: string): JournalEvent[] {
    let events = this.records.get(shiftId);
    if (!events) {
      events = this.pages(handoverSubject(shiftId)).filter((e) => shiftIdOf(e) === shiftId);
      this.records.set(shiftId, events);
    }
    return events;
  }

  /** Every handover event of one subject, page by page. */
  private pages(subject: string): JournalEvent[] {
    const found: JournalEvent[] = [];
    for (let afterSeq = 0; ; ) {
      const page = this.options.journal.read({ subject, afterSeq, limit: PAGE });
      found.push(...page.filter((e) => HANDOVER_EVENT_TYPES.includes(e.type)));
      const end = page.at(-1);
      if (!end || page.length < PAGE) return found;
      afterSeq = end.seq;
    }
  }

  private async build(shift: Shift): Promise<HandoverRecord> {
    const facts = this.facts(shift.id);
    return projectRecord(shift, facts, facts.signed ? facts.signed.snapshot : await this.liveSnapshot(facts));
  }

  private async liveSnapshot(facts: RecordFacts) {
    const { sources } = this.options;
    const now = this.now();
    const [alarms, workOrders, outages, slaRules] = await Promise.all([
      sources.alarms(),
      sources.work.openWorkOrders(),
      sources.work.outagesInForce(now),
      sources.slaRules?.(),
    ]);
    return assembleSnapshot({
      now,
      stations: sources.stations(),
      devices: sources.devices(),
      status: sources.status(),
      alarms,
      workOrders,
      outages,
      checks: facts.checks,
      ...(slaRules ? { slaRules } : {}),
    });
  }

  private append(
    shift: Shift,
    type: string,
    data: JournalInput['data'],
    actor: Session,
    reason: string | null = null,
  ): void {
    // The record is read whole before anything is added to it.
    this.eventsOf(shift.id);
    const event = this.options.journal.append({
      type,
      subject: handoverSubject(shift.id),
      data,
      reason,
      actor: { user: actor.user, role: actor.role },
      // By the desk's clock, like every other duty event: a drill's notes fall on drill time.
      ts: this.now(),
    });
    this.remember([event]);
  }

  private remember(events: readonly JournalEvent[], records = this.records): void {
    for (const event of events) {
      const shiftId = shiftIdOf(event);
      if (shiftId === null) continue;
      const list = records.get(shiftId);
      if (list) list.push(event);
      else records.set(shiftId, [event]);
    }
  }

  /** Takes in what sync has received since the last look. */
  private pullRemote(): void {
    const source = this.options.remote;
    if (!source) return;
    for (;;) {
      const page = source.read(this.remoteCursor, PAGE);
      for (const { gseq, event } of page) {
        this.remoteCursor = gseq;
        let shifts = this.remote.get(event.desk);
        if (!shifts) {
          shifts = new Map();
          this.remote.set(event.desk, shifts);
        }
        this.remember([event], shifts);
      }
      if (page.length < PAGE) return;
    }
  }

  /**
   * Another desk's record once its outgoing lead signed it: the signed
   * snapshot is that desk's own account of its shift. A draft there is work
   * in progress whose snapshot only that desk can assemble, so it is not shown.
   */
  private remoteRecord(desk: string, shiftId: string): HandoverRecord | null {
    this.pullRemote();
    const events = this.remote.get(desk)?.get(shiftId);
    if (!events) return null;
    const facts = recordFacts(events);
    if (!facts.signed) return null;
    return projectRecord(facts.signed.shift, facts, facts.signed.snapshot, desk);
  }

  private async changed(shift: Shift): Promise<HandoverRecord> {
    const record = await this.build(shift);
    this.options.onChanged?.(shift.id, record.state);
    return record;
  }
}

function shiftIdOf(event: JournalEvent): string | null {
  const data = event.data as { shiftId?: unknown; shift?: { id?: unknown } } | null;
  const shiftId = typeof data?.shiftId === 'string' ? data.shiftId : data?.shift?.id;
  return typeof shiftId === 'string' ? shiftId : null;
}
