// Replaced at build time by electron-vite's define; falls back for vitest.
declare const __DUTYDESK_VERSION__: string | undefined;

export const VERSION: string = typeof __DUTYDESK_VERSION__ === 'string' ? __DUTYDESK_VERSION__ : '0.0.0-dev';
