/**
 * The flow graph webview's page. Strict Content-Security-Policy: nothing by default; our script by
 * nonce, our stylesheet from the extension's media folder; images only from the
 * extension and from blob: URLs the page makes itself (the PNG export draws its SVG through one); no
 * network, no inline code.
 * Pure (strings in, HTML out) so the policy is tested without VS Code.
 */
import { randomBytes } from 'node:crypto';

export interface GraphPageInput {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** Localised words the page shows (zoom buttons, run states). */
  strings: Record<string, string>;
  lang: string;
  nonce?: string;
}

export function graphPageHtml(input: GraphPageInput): string {
  const nonce = input.nonce ?? randomBytes(16).toString('base64');
  const csp = [`default-src 'none'`, `style-src ${input.cspSource}`, `img-src ${input.cspSource} blob:`, `font-src ${input.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  const s = input.strings;
  return `<!DOCTYPE html>
<html lang="${attr(input.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${text(s.title ?? 'Flow graph')}</title>
</head>
<body>
<div class="toolbar">
<button id="zoom-out" title="${attr(s.zoomOut ?? 'Zoom out')}" aria-label="${attr(s.zoomOut ?? 'Zoom out')}">−</button>
<button id="zoom-in" title="${attr(s.zoomIn ?? 'Zoom in')}" aria-label="${attr(s.zoomIn ?? 'Zoom in')}">+</button>
<button id="zoom-fit">${text(s.fit ?? 'Fit')}</button>
<span id="marks" class="marks" aria-live="polite"></span>
<span id="run" class="run" aria-live="polite"></span>
</div>
<div id="canvas"></div>
<script type="application/json" id="strings">${jsonInHtml(s)}</script>
<script nonce="${attr(nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** JSON that cannot close its script element. */
function jsonInHtml(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
