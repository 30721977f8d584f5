import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../../shared/api';
import { Store, useStore } from '../../state/store';
import type { DeskClient } from '../../transport';
import type { AlarmView } from './model';

export type AlarmBook = {
  /** False until the first list arrived: the map then shows no tiers rather than "no alarms". */
  readonly loaded: boolean;
  readonly byId: ReadonlyMap<string, AlarmView>;
};

export const emptyBook: AlarmBook = { loaded: false, byId: new Map() };

type AlarmsPayload = EventPayload<'alarms.delta'>;

export function fromList(list: AlarmsPayload): AlarmBook {
  return { loaded: true, byId: new Map(list.alarms.map((alarm) => [alarm.id, alarm])) };
}

/**
 * A delta carries whole records; a record back to normal stays (the map
 * skips it as not open) unless the engine says it was removed.
 */
export function applyAlarms(book: AlarmBook, delta: AlarmsPayload): AlarmBook {
  const removed = 'removed' in delta && Array.isArray(delta.removed) ? (delta.removed as string[]) : [];
  if (!book.loaded || (delta.alarms.length === 0 && removed.length === 0)) return book;
  const byId = new Map(book.byId);
  for (const alarm of delta.alarms) byId.set(alarm.id, alarm);
  for (const id of removed) byId.delete(id);
  return { loaded: true, byId };
}

/**
 * Keeps a book of the desk's alarms: the whole list whenever the link
 * (re)opens, since deltas missed while it was down are gone, then deltas.
 */
export function followAlarms(client: DeskClient, book: Store<AlarmBook>): () => void {
  let generation = 0;
  const load = async () => {
    const mine = ++generation;
    try {
      const list = await client.request('alarms.list', {});
      if (mine === generation) book.set(fromList(list));
    } catch (error) {
      // The map still shows device states; only the tiers wait for the next reconnect.
      console.warn(error instanceof Error ? error.message : String(error));
    }
  };
  const offDelta = client.on('alarms.delta', (delta) =>
    book.update((current) => applyAlarms(current, delta)),
  );
  const offLink = client.onLink((link) => {
    if (link === 'open') void load();
    else generation += 1;
  });
  return () => {
    generation += 1;
    offDelta();
    offLink();
  };
}

/** The alarm book for a view that is mounted; one subscription per view. */
export function useAlarmBook(client: DeskClient): AlarmBook {
  const [store] = useState(() => new Store<AlarmBook>(emptyBook));
  useEffect(() => followAlarms(client, store), [client, store]);
  return useStore(store);
}
