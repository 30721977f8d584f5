/**
 * Debian's Chromium, which browser tests and benchmarks drive (Playwright
 * cannot download its own here); CHROMIUM_PATH overrides.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch options for pages that draw with WebGL (the station map): SwiftShader stands in for a GPU. */
export const WEBGL_LAUNCH = {
  executablePath: CHROMIUM_PATH,
  args: [
    '--no-sandbox',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
  ],
};

/** Launch options for a benchmark's browser: nothing in the background that would take CPU from the run. */
export const BENCH_LAUNCH = {
  executablePath: CHROMIUM_PATH,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};
