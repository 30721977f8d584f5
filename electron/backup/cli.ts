import { parseArgs } from 'node:util';
import { commandFlags, exitWithUsage } from '../../node/command-line';
import { StoreError } from '../store/database';
import { RestoreError, restore } from './restore';

/**
 * `npm run restore -- --from <backup folder> --data <data folder> [--force]`:
 * rebuilds a desk's data folder from its backups. Run it with the desk
 * stopped. Exit status 0 restored, 1 refused or failed (nothing changed), 2 usage.
 */
const USAGE = `usage: npm run restore -- --from BACKUP_DIR --data DATA_DIR [--force]
  --from   the backup folder (the desk's backup.dir; default <data>/backups)
  --data   the data folder to rebuild (for the demo fleet: <data>/demo)
  --force  restore into a folder that is not empty; its contents are moved into replaced-<time>/`;

async function main(): Promise<void> {
  const values = commandFlags(
    'restore',
    USAGE,
    () =>
      parseArgs({
        options: {
          from: { type: 'string' },
          data: { type: 'string' },
          force: { type: 'boolean', default: false },
          help: { type: 'boolean', default: false },
        },
        strict: true,
      }).values,
  );
  if (!values) return;
  if (!values.from || !values.data) exitWithUsage('restore', USAGE, '--from and --data are both required');
  try {
    const report = await restore({ from: values.from, data: values.data, force: values.force });
    const lines = [
      `restored ${values.data} from ${report.full}`,
      `  increments applied: ${report.incrementals.length}`,
      `  journal: ${report.events} events, chain verified, last seq ${report.lastSeq} hash ${report.lastHash}`,
      `  history: ${report.history ? 'restored from the full backup' : 'none in the backup'}`,
    ];
    if (report.movedAside) lines.push(`  previous contents moved to ${report.movedAside}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    if (error instanceof RestoreError || error instanceof StoreError) {
      process.stderr.write(`restore: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main().catch((error) => {
  process.stderr.write(`restore failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
