import { describe, expect, it } from 'vitest';
import { isDeskPage } from '../../electron/bridge/desk-page';

const packaged = {
  fileUrl: 'file:///opt/DutyDesk/resources/app.asar/out/renderer/index.html',
  devOrigin: null,
};
const dev = { fileUrl: 'file:///repo/out/renderer/index.html', devOrigin: 'http://localhost:5173' };

describe('which frame gets a port to the engine', () => {
  it.each([
    ['our packaged page', { url: packaged.fileUrl, isMainFrame: true }, packaged, true],
    ['our page with a query', { url: `${packaged.fileUrl}?lang=en`, isMainFrame: true }, packaged, true],
    ['a subframe of our page', { url: packaged.fileUrl, isMainFrame: false }, packaged, false],
    ['another local file', { url: 'file:///tmp/evil.html', isMainFrame: true }, packaged, false],
    ['a web page', { url: 'https://evil.example/', isMainFrame: true }, packaged, false],
    ['not a URL', { url: 'about:blank', isMainFrame: true }, packaged, false],
    ['the dev server', { url: 'http://localhost:5173/', isMainFrame: true }, dev, true],
    ['another port in dev', { url: 'http://localhost:5174/', isMainFrame: true }, dev, false],
    ['the file page while in dev', { url: dev.fileUrl, isMainFrame: true }, dev, false],
  ])('%s', (_what, frame, own, expected) => {
    expect(isDeskPage(frame, own)).toBe(expected);
  });
});
