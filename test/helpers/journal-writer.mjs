// The victim of the kill -9 test: appends to a journal as fast as it can and
// prints each acknowledged seq, until it is killed. Arguments: the bundled
// journal module, the journal file, 'single' or 'batch', and a round number.
import { pathToFileURL } from 'node:url';

const [bundle, file, mode, round] = process.argv.slice(2);
const { Journal } = await import(pathToFileURL(bundle).href);
const journal = Journal.open(file);
const actor = { user: 'writer', role: 'test' };
const event = (n, k) => ({
  type: `test.${mode}`,
  subject: `round-${round}`,
  data: { round: Number(round), n, k, pad: '交接班'.repeat(n % 300) },
  actor,
});

for (let n = 0; ; n++) {
  const stored =
    mode === 'batch'
      ? journal.appendMany(Array.from({ length: 10 }, (_, k) => event(n, k)))
      : [journal.append(event(n, 0))];
  // Writes to a pipe are synchronous on Linux: a printed seq has left this process.
  process.stdout.write(`${stored.at(-1).seq}\n`);
}
