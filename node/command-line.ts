/** Says what is wrong with a command line, and how it goes, on stderr; exits with status 2 (usage). */
export function exitWithUsage(command: string, usage: string, problem: string): never {
  process.stderr.write(`${command}: ${problem}\n${usage}\n`);
  process.exit(2);
}

/**
 * A command's flags as `parse` reads them; null once --help has printed the
 * usage (the command then does nothing). Flags it cannot read end the
 * process as exitWithUsage does.
 */
export function commandFlags<T extends { help?: boolean | undefined }>(
  command: string,
  usage: string,
  parse: () => T,
): T | null {
  let flags: T;
  try {
    flags = parse();
  } catch (error) {
    exitWithUsage(command, usage, (error as Error).message);
  }
  if (!flags.help) return flags;
  process.stdout.write(`${usage}\n`);
  return null;
}
