// The sandbox's HTML shell: two same-origin assets and a mount point, nothing inline.

/**
 * The page may talk to its own origin only. Besides documenting the promise that the sandbox
 * works without internet, the browser enforces it: a dependency that one day tries to load a
 * font or script from a CDN is blocked (and the end-to-end test sees the violation).
 * Inline styles stay allowed: React and CodeMirror set `style` attributes.
 */
export const SANDBOX_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function sandboxPage(assets: { script: string; stylesheet: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Facade sandbox (development)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets.stylesheet}">
</head>
<body>
<div id="sandbox"></div>
<noscript>The sandbox needs JavaScript. Without it, use curl with a token from <code>npm run token -- &lt;persona&gt;</code>.</noscript>
<script src="${assets.script}"></script>
</body>
</html>
`;
}
