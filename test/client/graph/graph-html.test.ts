import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphPageHtml } from '../../../client/graph/graph-html';

const page = () =>
  graphPageHtml({
    cspSource: 'vscode-webview://abc',
    scriptUri: 'vscode-webview://abc/media/graph/graph-view.js',
    styleUri: 'vscode-webview://abc/media/graph/graph-view.css',
    strings: { fit: '适应</script><b>' },
    lang: 'zh-cn',
    nonce: 'N0nce',
  });

test('the page allows nothing by default, our script only by nonce and our stylesheet only from the webview source', () => {
  const html = page();
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /script-src 'nonce-N0nce'/);
  assert.match(csp, /style-src vscode-webview:\/\/abc(;|$)/);
  // Images only from the extension and from blob: URLs the page makes (the PNG export draws its SVG through one).
  assert.match(csp, /img-src vscode-webview:\/\/abc blob:(;|$)/);
  assert.ok(!/unsafe-inline|unsafe-eval|https?:/.test(csp));
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
  for (const s of scripts) assert.ok(s.includes('nonce="N0nce"') || s.includes('type="application/json"'), s);
  assert.ok(!/\bstyle="/.test(html), 'no inline styles');
});

test('localised strings cannot break out of the page', () => {
  const html = page();
  assert.ok(html.includes('适应&lt;/script&gt;&lt;b&gt;'));
  assert.equal(html.match(/<\/script>/g)?.length, 2);
});

test('each page gets a fresh random nonce', () => {
  const a = graphPageHtml({ cspSource: 's', scriptUri: 'x', styleUri: 'y', strings: {}, lang: 'en' });
  const b = graphPageHtml({ cspSource: 's', scriptUri: 'x', styleUri: 'y', strings: {}, lang: 'en' });
  const nonce = (h: string) => /'nonce-([^']+)'/.exec(h)![1];
  assert.notEqual(nonce(a), nonce(b));
  assert.ok(Buffer.from(nonce(a), 'base64').length >= 16);
});
