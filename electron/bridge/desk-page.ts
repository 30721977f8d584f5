/**
 * Whether a frame is the desk's own page: the main frame of our window,
 * showing our renderer (the packaged index.html, or the dev server's origin).
 * Only such a frame is handed a port to the engine; anything else (a page
 * navigated away, a subframe, a devtools extension) gets nothing.
 */
export function isDeskPage(
  frame: { url: string; isMainFrame: boolean },
  own: { fileUrl: string; devOrigin: string | null },
): boolean {
  if (!frame.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (own.devOrigin !== null) return url.origin === own.devOrigin;
  const expected = new URL(own.fileUrl);
  return url.protocol === 'file:' && url.pathname === expected.pathname;
}
