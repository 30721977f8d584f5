// The victim of the "desk killed mid-sync" test: a desk that appends to its
// journal and syncs continuously until it is killed. It prints each seq the
// server acknowledged. Arguments: journal file, server URL, desk token.
import { createLogger } from '../../electron/log/logger';
import { Journal } from '../../electron/store/journal';
import { SyncClient } from '../../electron/sync/sync-client';
import { SyncStore } from '../../electron/sync/sync-store';

const [file, url, token] = process.argv.slice(2);
if (!file || !url || !token) throw new Error('usage: sync-desk JOURNAL URL TOKEN');
const journal = Journal.open(file);
const store = SyncStore.open(file);
const client = new SyncClient({
  journal,
  store,
  url,
  token,
  intervalMs: 5,
  batchSize: 40,
  retryBaseMs: 10,
  retryMaxMs: 50,
  log: createLogger('victim', () => {}),
  onChange: (status) => process.stdout.write(`${journal.count() - status.pending}\n`),
});
client.start();
let n = 0;
setInterval(() => {
  journal.appendMany(
    Array.from({ length: 7 }, () => ({
      type: 'test.victim',
      subject: 'desk',
      data: { n: n++, note: '交接班' },
      actor: { user: 'victim', role: 'monitor' },
    })),
  );
}, 1);
