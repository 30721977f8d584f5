import { createHash } from 'node:crypto';
import { redactConfig } from '../../shared/config/redact';
import type { DeskConfig } from '../../shared/config/schema';
import { canonicalJson } from '../../shared/journal/canonical-json';
import type { Actor } from '../../shared/journal/event';
import { RULES_EVENT } from '../../shared/report/rules';
import { slaSettingsOf } from '../../shared/triage/sla';
import type { Journal } from '../store/journal';
import { lastEvent } from './journal-reader';

/**
 * A configuration's revision: the SHA-256 of its canonical text with the
 * secrets redacted, so the hash in the journal says nothing about a
 * password and a new password alone makes no new revision. Taken over the
 * config as its file holds it (JSON: an absent and an undefined field are one).
 */
export function configRevision(config: DeskConfig): string {
  const asFiled: unknown = JSON.parse(JSON.stringify(redactConfig(config, 'admin')));
  return createHash('sha256').update(canonicalJson(asFiled)).digest('hex');
}

/**
 * Journals the revision in force, with the SLA choice it makes (the preset
 * of every station group), unless it is the one journalled last. The
 * engine calls this at start and after every applied configuration edit.
 */
export function journalRevision(journal: Journal, config: DeskConfig, actor: Actor, ts: number): boolean {
  const revision = configRevision(config);
  const last = lastEvent(journal, { type: RULES_EVENT })?.data;
  if (last && typeof last === 'object' && !Array.isArray(last) && last.revision === revision) return false;
  const settings = slaSettingsOf(config.sla);
  const groups = [...new Set(config.stations.map((s) => s.group))].sort();
  journal.append({
    type: RULES_EVENT,
    subject: 'config',
    data: {
      revision,
      sla: { default: settings.defaultPreset, presetByGroup: settings.groups },
      // What the choice meant for the groups configured then, for whoever reads the journal alone.
      presets: Object.fromEntries(groups.map((g) => [g, settings.groups[g] ?? settings.defaultPreset])),
    },
    reason: null,
    actor,
    ts,
  });
  return true;
}
