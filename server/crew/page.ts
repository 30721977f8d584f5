import { CREW_PAGE_PATH } from '../../shared/sync/crew-link';

export const CREW_ASSETS = {
  script: `${CREW_PAGE_PATH}/assets/page.js`,
  style: `${CREW_PAGE_PATH}/assets/page.css`,
} as const;

/**
 * Script and style come from this server only, nothing inline; the token in
 * the address is never sent on as a referrer; the page is never framed.
 */
export const CREW_PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function document(body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>DutyDesk 工单 · Work order</title>
<link rel="stylesheet" href="${CREW_ASSETS.style}">
</head>
<body>
${body}
</body>
</html>
`;
}

/** The page of a link that verified: the script fills it in from the link's state. */
export function crewPage(): string {
  return document(`<main id="app" aria-live="polite"><p>正在加载… Loading…</p>
<noscript>请允许本页运行脚本。Please allow this page to run its script.</noscript></main>
<script src="${CREW_ASSETS.script}"></script>`);
}

/** The page of a link that does not verify: what happened, in both languages, and nothing to tap. */
export function refusedPage(zh: string, en: string): string {
  return document(`<main><h1>${escapeHtml(zh)}</h1><p lang="en">${escapeHtml(en)}</p>
<p>请联系值班台。Please call the duty desk.</p></main>`);
}
