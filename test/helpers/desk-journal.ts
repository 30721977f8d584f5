import { join } from 'node:path';
import { Journal } from '../../electron/store/journal';

/** Opens the journal a desk wrote in `dataDir`, as a second reader would, and closes it after `use`. */
export function withDeskJournal<T>(dataDir: string, use: (journal: Journal) => T): T {
  const journal = Journal.open(join(dataDir, 'journal.sqlite'));
  try {
    return use(journal);
  } finally {
    journal.close();
  }
}
