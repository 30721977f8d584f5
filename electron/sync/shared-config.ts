import type { DeskApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { SharedConfigView } from '../../shared/api/shared-config';
import type { Session } from '../../shared/auth/roles';
import { fieldPath } from '../../shared/config/schema';
import type { JournalEvent, JournalInput } from '../../shared/journal/event';
import type { PublishConfigRequest, PublishConfigResult } from '../../shared/sync/protocol';
import { SharedSections, sharedConfigDiff } from '../../shared/sync/shared-config';
import { publishSharedConfig, SHARED_CONFIG_PUBLISHED } from './shared-config-publish';
import type { SyncStore } from './sync-store';

/** The journal event of an applied revision: who, when, why, and what it changed. */
export const SHARED_CONFIG_APPLIED = 'config.shared-applied';
const SUBJECT = 'shared-config';

export type SharedConfigOptions = {
  store: Pick<SyncStore, 'latestSharedConfig' | 'holdSharedConfig'>;
  read(query: { afterSeq: number; limit: number; type: string; subject: string }): JournalEvent[];
  record(entry: JournalInput): unknown;
  /** The sections the desk runs on now. */
  current(): SharedSections;
  /** Puts sections into the desk's configuration the way an edit does (checked, saved, journalled, live). */
  apply(sections: SharedSections, reason: string, session: Session): Promise<unknown>;
  /** Sends a revision to the sync server; null when the desk does not sync. */
  publish?: ((request: PublishConfigRequest) => Promise<PublishConfigResult>) | null;
};

type SharedConfigApi = Pick<DeskApi, 'sharedConfig.get' | 'sharedConfig.apply' | 'sharedConfig.publish'>;

/**
 * Applying the organisation's shared configuration: the newest revision the
 * server sent is shown as a diff against what the desk runs on, and an admin
 * applies it with a reason. Nothing changes before that.
 */
export function sharedConfigApi(options: SharedConfigOptions): SharedConfigApi {
  const lastOf = (type: string): JournalEvent | undefined => {
    let last: JournalEvent | undefined;
    for (let afterSeq = 0; ; ) {
      const page = options.read({ afterSeq, limit: 500, type, subject: SUBJECT });
      if (page.length === 0) return last;
      last = page.at(-1);
      afterSeq = last?.seq ?? afterSeq;
    }
  };
  // A revision this desk published is what it runs on, as if applied.
  const lastApplied = (): SharedConfigView['applied'] => {
    const [applied, published] = [lastOf(SHARED_CONFIG_APPLIED), lastOf(SHARED_CONFIG_PUBLISHED)];
    const last = (published?.seq ?? 0) > (applied?.seq ?? 0) ? published : applied;
    const data = last?.data as { revision?: unknown } | undefined;
    return last && typeof data?.revision === 'number'
      ? { revision: data.revision, by: last.actor.user, at: last.ts, reason: last.reason }
      : null;
  };

  const view = (): { view: SharedConfigView; sections: SharedSections | null } => {
    const held = options.store.latestSharedConfig();
    const applied = lastApplied();
    if (!held) return { view: { held: null, applied, changes: [], problem: null }, sections: null };
    const parsed = SharedSections.safeParse(held.data);
    const heldView = {
      revision: held.revision,
      receivedAt: held.receivedAt,
      sections:
        held.data && typeof held.data === 'object' && !Array.isArray(held.data) ? Object.keys(held.data) : [],
    };
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const problem = `shared configuration revision ${held.revision}: ${fieldPath(issue?.path ?? [])}: ${issue?.message}`;
      return { view: { held: heldView, applied, changes: [], problem }, sections: null };
    }
    const changes =
      applied?.revision === held.revision ? [] : sharedConfigDiff(options.current(), parsed.data);
    return { view: { held: heldView, applied, changes, problem: null }, sections: parsed.data };
  };

  return {
    'sharedConfig.get': async () => view().view,
    'sharedConfig.apply': async ({ revision, reason }, session) => {
      const { view: before, sections } = view();
      if (!before.held)
        throw new ApiError('invalid', 'no shared configuration has arrived from the sync server');
      if (before.held.revision !== revision) {
        throw new ApiError(
          'invalid',
          `revision ${revision} is not the newest held (${before.held.revision}); review that one first`,
        );
      }
      if (!sections) throw new ApiError('invalid', before.problem ?? 'the shared configuration does not fit');
      if (before.applied?.revision === revision)
        throw new ApiError('invalid', `revision ${revision} is already applied`);
      await options.apply(sections, reason, session);
      options.record({
        type: SHARED_CONFIG_APPLIED,
        subject: SUBJECT,
        data: {
          revision,
          changes: before.changes.map((c) => `${c.section} ${c.change} ${c.item}`),
        },
        reason,
        actor: { user: session.user, role: session.role },
      });
      return view().view;
    },
    'sharedConfig.publish': async ({ reason }, session) => {
      const { view: now } = view();
      const held = options.store.latestSharedConfig();
      return publishSharedConfig({
        current: options.current(),
        held: held && {
          revision: held.revision,
          data: held.data,
          pending: now.applied?.revision !== held.revision && now.changes.length > 0,
        },
        send: options.publish ?? null,
        hold: (config) => options.store.holdSharedConfig(config),
        record: options.record,
        reason,
        session,
      });
    },
  };
}
