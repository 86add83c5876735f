// The flow graph webview: draws the positioned graph the extension computes (client/graph/
// flow-layout.ts) as SVG, overlays a run's step states, and reports clicks back. No libraries, no
// network: the page's Content-Security-Policy allows only this script (by nonce) and our CSS.
// Messages in:  {type:'graph', graph, title} | {type:'status', overlay, run} | {type:'highlight', nodeId} | {type:'error', text}
// Messages out: {type:'ready'} | {type:'reveal', nodeId}
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const strings = JSON.parse(document.getElementById('strings')?.textContent || '{}');
  const canvas = /** @type {HTMLElement} */ (document.getElementById('canvas'));
  const runLabel = /** @type {HTMLElement} */ (document.getElementById('run'));
  let zoom = Number((vscode.getState() || {}).zoom) || 1;
  /** @type {any} */ let graph;
  /** @type {Record<string, string>} */ let statusByStep = {};
  let selected = '';
  /** @type {Map<string, SVGGElement>} */ const nodeEls = new Map();

  const BADGE = { running: '●', waiting: '…', succeeded: '✓', failed: '✗', stopped: '■' };

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }

  function text(parent, x, y, value, cls, maxChars) {
    const t = el('text', { x, y, class: cls }, parent);
    t.textContent = maxChars && value.length > maxChars ? value.slice(0, Math.max(1, maxChars - 1)) + '…' : value;
    return t;
  }

  function title(parent, value) {
    el('title', {}, parent).textContent = value;
  }

  function marker(defs, id) {
    const m = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z' }, m);
  }

  function render() {
    canvas.textContent = '';
    nodeEls.clear();
    if (!graph) return;
    const svg = el('svg', {
      width: graph.width * zoom,
      height: graph.height * zoom,
      viewBox: `0 0 ${graph.width} ${graph.height}`,
      role: 'img',
      'aria-label': strings.diagram || 'Flow diagram',
    });
    const defs = el('defs', {}, svg);
    marker(defs, 'arrow');
    marker(defs, 'arrow-goto');
    marker(defs, 'arrow-catch');

    for (const g of graph.groups) {
      const gg = el('g', { class: `group kind-${g.kind}` }, svg);
      el('rect', { x: g.x, y: g.y, width: g.width, height: g.height, rx: 6 }, gg);
      text(gg, g.x + 8, g.y + 14, g.label, '', Math.floor(g.width / 6.2));
      title(gg, g.label);
    }

    for (const e of graph.edges) {
      const ge = el('g', { class: `edge kind-${e.kind}` }, svg);
      const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
      const arrow = e.kind === 'goto' ? 'arrow-goto' : e.kind === 'catch' ? 'arrow-catch' : 'arrow';
      el('path', { d, 'marker-end': `url(#${arrow})` }, ge);
      if (e.label && e.labelAt) {
        text(ge, e.labelAt.x, e.labelAt.y, e.label, '', 30);
        title(ge, e.label);
      }
    }

    for (const n of graph.nodes) {
      const step = Boolean(n.stepName);
      const gn = el('g', { class: `node kind-${n.kind}`, 'data-id': n.id }, svg);
      if (n.kind === 'join') {
        el('circle', { cx: n.x + n.width / 2, cy: n.y + n.height / 2, r: n.width / 2 }, gn);
        nodeEls.set(n.id, gn);
        continue;
      }
      const pill = n.kind === 'start' || n.kind === 'end' || n.kind === 'succeed' || n.kind === 'fail';
      el('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: pill ? n.height / 2 : n.kind === 'choice' ? 12 : 4 }, gn);
      const chars = Math.floor((n.width - 28) / 7);
      if (n.detail) {
        text(gn, n.x + 12, n.y + 18, n.label, 'label', chars);
        text(gn, n.x + 12, n.y + 33, n.detail, 'detail', Math.floor((n.width - 16) / 6));
      } else {
        const t = text(gn, n.x + n.width / 2, n.y + n.height / 2 + 4, n.label, 'label', chars);
        t.setAttribute('text-anchor', 'middle');
      }
      el('text', { x: n.x + n.width - 16, y: n.y + 16, class: 'badge' }, gn);
      title(gn, n.detail ? `${n.label}\n${n.detail}` : n.label);
      if (step) {
        gn.setAttribute('tabindex', '0');
        gn.setAttribute('role', 'button');
        gn.setAttribute('aria-label', `${n.label}${n.detail ? ', ' + n.detail : ''}`);
        gn.addEventListener('click', () => vscode.postMessage({ type: 'reveal', nodeId: n.id }));
        gn.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            vscode.postMessage({ type: 'reveal', nodeId: n.id });
          }
        });
      }
      nodeEls.set(n.id, gn);
    }
    canvas.appendChild(svg);
    applyStatus();
    applySelection(false);
  }

  function applyStatus() {
    if (!graph) return;
    for (const n of graph.nodes) {
      const gn = nodeEls.get(n.id);
      if (!gn || !n.stepName) continue;
      const status = statusByStep[n.stepName];
      for (const s of Object.keys(BADGE)) gn.classList.toggle(`status-${s}`, s === status);
      const badge = gn.querySelector('.badge');
      if (badge) badge.textContent = status ? BADGE[status] : '';
      const t = gn.querySelector('title');
      if (t) t.textContent = `${n.label}${n.detail ? '\n' + n.detail : ''}${status ? '\n' + (strings[status] || status) : ''}`;
    }
  }

  function applySelection(scroll) {
    for (const [id, gn] of nodeEls) gn.classList.toggle('selected', id === selected);
    const target = nodeEls.get(selected);
    if (scroll && target) target.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
  }

  function setZoom(z) {
    zoom = Math.min(3, Math.max(0.2, z));
    vscode.setState({ zoom });
    render();
  }

  document.getElementById('zoom-in')?.addEventListener('click', () => setZoom(zoom * 1.2));
  document.getElementById('zoom-out')?.addEventListener('click', () => setZoom(zoom / 1.2));
  document.getElementById('zoom-fit')?.addEventListener('click', () => {
    if (graph) setZoom(Math.min(1, (document.body.clientWidth - 16) / graph.width));
  });

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'graph') {
      graph = m.graph;
      render();
    } else if (m.type === 'status') {
      statusByStep = (m.overlay && m.overlay.steps) || {};
      runLabel.textContent = m.run || '';
      applyStatus();
    } else if (m.type === 'highlight') {
      selected = m.nodeId || '';
      applySelection(true);
    } else if (m.type === 'error') {
      graph = undefined;
      canvas.textContent = '';
      const p = document.createElement('p');
      p.className = 'message';
      p.textContent = m.text;
      canvas.appendChild(p);
    }
  });

  vscode.postMessage({ type: 'ready' });
})();
