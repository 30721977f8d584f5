import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type AbandonedDrillView, DrillManifest } from '../../shared/api/drills';
import type { Logger } from '../log/logger';

/**
 * What a drill's folder says of it. A drill writes its manifest as it
 * starts and its report as it ends; a desk start that finds a folder with
 * neither report nor mark writes the mark: the drill was abandoned, since
 * a running drill lives only as long as the desk that started it.
 */
const MANIFEST = 'drill.json';
const REPORT = 'report.json';
const MARK = 'abandoned.json';

const AbandonedMark = z.object({ foundAt: z.number() });

export function writeManifest(dir: string, manifest: DrillManifest): void {
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

function readJson<T>(file: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const startedAt = (d: AbandonedDrillView) => d.manifest?.startedAt ?? d.foundAt;

/**
 * Every abandoned drill under `drillsDir`, newest first, marking those no
 * start has found yet (with a log line each). Nothing goes to the real
 * journal: an abandoned drill has no report for a training record to
 * point at, and whoever ran it is not there to sign one.
 */
export function findAbandonedDrills(drillsDir: string, now: number, log: Logger): AbandonedDrillView[] {
  if (!existsSync(drillsDir)) return [];
  const found: AbandonedDrillView[] = [];
  for (const entry of readdirSync(drillsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(drillsDir, entry.name);
    if (existsSync(join(dir, REPORT))) continue;
    const manifest = readJson(join(dir, MANIFEST), DrillManifest);
    const mark = readJson(join(dir, MARK), AbandonedMark);
    if (mark) {
      found.push({ drillId: entry.name, manifest, foundAt: mark.foundAt, thisStart: false });
      continue;
    }
    writeFileSync(join(dir, MARK), `${JSON.stringify({ foundAt: now })}\n`);
    found.push({ drillId: entry.name, manifest, foundAt: now, thisStart: true });
    log.warn(
      manifest
        ? `drill ${entry.name} (${manifest.scenario}, trainees ${manifest.trainees.join(', ')}, lead ${manifest.lead}) abandoned: the desk stopped while it ran; no score, no training record`
        : `drill folder ${entry.name} abandoned: no report and no manifest (its start never finished); no training record`,
    );
  }
  return found.sort((a, b) => startedAt(b) - startedAt(a));
}
