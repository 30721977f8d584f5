/**
 * One line per event on stderr, prefixed with level and subsystem, so the
 * operator's terminal and the service journal read the same.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export type Logger = {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(scope: string): Logger;
};

const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function threshold(): number {
  const wanted = process.env.DUTYDESK_LOG_LEVEL as Level | undefined;
  return RANK[wanted && wanted in RANK ? wanted : 'info'];
}

export function createLogger(
  scope = 'desk',
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const min = threshold();
  const emit = (level: Level, message: string) => {
    if (RANK[level] < min) return;
    write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${message}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (sub) => createLogger(`${scope}/${sub}`, write),
  };
}
