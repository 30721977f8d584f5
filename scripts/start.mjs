// `npm start` after the build: the Electron desk when Electron's binary is installed, otherwise the
// headless desk, so a machine installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 still gets a working desk.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

function electronBinary() {
  try {
    // In plain Node the electron package exports the binary's path, and throws when it was never fetched.
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function requireBuilt(relative) {
  const file = fileURLToPath(new URL(`../${relative}`, import.meta.url));
  if (existsSync(file)) return file;
  console.error(`DutyDesk: ${relative} is missing; run \`npm run build\` first (\`npm start\` does).`);
  process.exit(1);
}

const binary = electronBinary();
if (binary) {
  requireBuilt('out/main/main.js');
  const env = { ...process.env };
  // Inherited from an Electron-launched shell, this would make the binary run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, ['.', ...args], { cwd: root, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`DutyDesk: could not start Electron (${binary}): ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const headless = requireBuilt('out/main/headless.js');
  console.log(
    'DutyDesk: no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?) — starting the headless desk instead; open the URL below in a browser.',
  );
  // Same process, same argv: the headless desk reads its flags (--config, --port) from process.argv.
  await import(pathToFileURL(headless).href);
}
