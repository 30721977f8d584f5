// The victim of the notify kill -9 test: a desk's notifier on a journal
// file, asking for `count` messages on one WeCom channel and delivering
// them until it is killed. Arguments: the folder of the bundled modules,
// the data folder, the robot's URL and key, and how many to ask for.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [bundles, dir, url, key, count] = process.argv.slice(2);
const load = (name) => import(pathToFileURL(join(bundles, `${name}.js`)).href);
const { Journal } = await load('journal');
const { Notifier } = await load('notifier');
const { NotifyConfig } = await load('config');

const journal = Journal.open(join(dir, 'journal.sqlite'));
const log = {
  debug() {},
  info() {},
  warn() {},
  error: (m) => process.stderr.write(`${m}\n`),
  child: () => log,
};
const notifier = Notifier.start({
  journal,
  config: NotifyConfig.parse({ channels: [{ id: 'crew', type: 'wecom', url, key }] }),
  dir,
  log,
});
for (let n = 1; n <= Number(count); n++) {
  const message = notifier.request(
    { channel: 'crew', kind: 'dispatch', title: `派工 #${n}`, body: `城东充电站 ${n}号直流桩 绝缘故障` },
    { subject: `WO-${n}` },
  );
  // A printed id was journalled: request() returns after the commit.
  process.stdout.write(`${message.id}\n`);
}
