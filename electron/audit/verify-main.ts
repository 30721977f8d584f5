import { runVerify } from './verify-cli';

/** `npm run verify -- --data DIR`: the journal's hash chain, checked from outside the desk. */
process.exitCode = runVerify(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
