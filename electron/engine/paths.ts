import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the headless desk keeps its journal unless told otherwise; Electron uses app.getPath('userData'). */
export function defaultDataDir(): string {
  if (process.env.DUTYDESK_DATA) return process.env.DUTYDESK_DATA;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'DutyDesk');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'DutyDesk');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'dutydesk');
}
