// The flow graph webview: shows the SVG the extension lays out and draws (client/graph/
// elk-layout.ts, graph-svg.ts), overlays a run's step states, reports clicks back, and turns the
// exported SVG into a PNG (a canvas is only here, not in the extension host). No libraries, no
// network: the page's Content-Security-Policy allows only this script (by nonce), our CSS, and
// images from blob: URLs this script makes.
// Messages in:  {type:'graph', graph, svg} | {type:'status', overlay, run} | {type:'highlight', nodeId} | {type:'error', text}
//               | {type:'paused', nodeId} (the step a debug session is paused at, '' for none: client/graph/debug-pauses.ts)
//               | {type:'marks', marks: {nodes, edges}, legend} (coverage or two runs' paths, client/graph/graph-marks.ts)
//               | {type:'rasterize', id, svg, width, height, scale}
// Messages out: {type:'ready'} | {type:'reveal', nodeId} | {type:'png', id, data} | {type:'png', id, error}
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const strings = JSON.parse(document.getElementById('strings')?.textContent || '{}');
  const canvas = /** @type {HTMLElement} */ (document.getElementById('canvas'));
  const runLabel = /** @type {HTMLElement} */ (document.getElementById('run'));
  const marksLabel = document.getElementById('marks');
  /** @type {{nodes: Record<string, string[]>, edges: Record<string, string[]>}} */ let marks = { nodes: {}, edges: {} };
  const MARKS = ['taken', 'never', 'path-a', 'path-b'];
  let zoom = Number((vscode.getState() || {}).zoom) || 1;
  /** @type {any} */ let graph;
  /** @type {Record<string, string>} */ let statusByStep = {};
  let selected = '';
  let paused = '';
  /** @type {Map<string, Element>} */ const nodeEls = new Map();

  const BADGE = { running: '●', waiting: '…', succeeded: '✓', failed: '✗', stopped: '■' };

  /** @param {string} markup */
  function render(markup) {
    // The markup is built by the extension (graph-svg.ts) with every text escaped.
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const svg = /** @type {SVGSVGElement} */ (document.importNode(doc.documentElement, true));
    svg.setAttribute('aria-label', strings.diagram || 'Flow diagram');
    canvas.textContent = '';
    canvas.appendChild(svg);
    nodeEls.clear();
    for (const g of svg.querySelectorAll('g.node')) nodeEls.set(g.getAttribute('data-id') || '', g);
    applyZoom();
    applyStatus();
    applyMarks();
    applySelection(false);
    applyPaused(false);
  }

  function applyMarks() {
    const svg = canvas.querySelector('svg');
    if (!svg) return;
    for (const g of svg.querySelectorAll('g.node, g.edge')) {
      const id = g.getAttribute('data-id') || '';
      const on = (g.classList.contains('edge') ? marks.edges : marks.nodes)[id] || [];
      for (const m of MARKS) g.classList.toggle(`mark-${m}`, on.includes(m));
    }
  }

  function applyZoom() {
    const svg = canvas.querySelector('svg');
    if (!svg || !graph) return;
    svg.setAttribute('width', String(graph.width * zoom));
    svg.setAttribute('height', String(graph.height * zoom));
  }

  /** @param {Element | null} target */
  function stepNodeOf(target) {
    const g = target && target.closest ? target.closest('g.node[data-step]') : null;
    return g ? g.getAttribute('data-id') : null;
  }

  canvas.addEventListener('click', (ev) => {
    const id = stepNodeOf(/** @type {Element} */ (ev.target));
    if (id) vscode.postMessage({ type: 'reveal', nodeId: id });
  });
  canvas.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    const id = stepNodeOf(/** @type {Element} */ (ev.target));
    if (!id) return;
    ev.preventDefault();
    vscode.postMessage({ type: 'reveal', nodeId: id });
  });

  function applyStatus() {
    if (!graph) return;
    for (const n of graph.nodes) {
      const gn = nodeEls.get(n.id);
      if (!gn || n.stepName === undefined) continue;
      const status = statusByStep[n.stepName];
      for (const s of Object.keys(BADGE)) gn.classList.toggle(`status-${s}`, s === status);
      const badge = gn.querySelector(':scope > .badge');
      if (badge) badge.textContent = status ? BADGE[status] : '';
      const t = gn.querySelector(':scope > title');
      if (t)
        t.textContent = `${n.label}${n.detail ? '\n' + n.detail : ''}${status ? '\n' + (strings[status] || status) : ''}${n.id === paused ? '\n' + (strings.paused || 'paused') : ''}`;
    }
  }

  /** @param {boolean} scroll */
  function applyPaused(scroll) {
    for (const [id, gn] of nodeEls) {
      gn.classList.toggle('paused', id === paused);
      gn.setAttribute('aria-current', id === paused ? 'step' : 'false');
    }
    const target = nodeEls.get(paused);
    if (scroll && target) target.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
  }

  /** @param {boolean} scroll */
  function applySelection(scroll) {
    for (const [id, gn] of nodeEls) gn.classList.toggle('selected', id === selected);
    const target = nodeEls.get(selected);
    if (scroll && target) target.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
  }

  /** @param {number} z */
  function setZoom(z) {
    zoom = Math.min(3, Math.max(0.2, z));
    vscode.setState({ zoom });
    applyZoom();
  }

  /** Draws an SVG document onto a canvas and answers with the PNG's base64. */
  function rasterize(m) {
    const url = URL.createObjectURL(new Blob([m.svg], { type: 'image/svg+xml' }));
    const img = new Image();
    const done = (/** @type {any} */ answer) => {
      URL.revokeObjectURL(url);
      vscode.postMessage({ type: 'png', id: m.id, ...answer });
    };
    img.onload = () => {
      try {
        const c = document.createElement('canvas');
        c.width = Math.ceil(m.width * m.scale);
        c.height = Math.ceil(m.height * m.scale);
        const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
        ctx.drawImage(img, 0, 0, c.width, c.height);
        done({ data: c.toDataURL('image/png').replace(/^data:image\/png;base64,/, '') });
      } catch (e) {
        done({ error: String(e) });
      }
    };
    img.onerror = () => done({ error: 'image' });
    img.src = url;
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
      render(m.svg);
    } else if (m.type === 'status') {
      statusByStep = (m.overlay && m.overlay.steps) || {};
      runLabel.textContent = m.run || '';
      applyStatus();
    } else if (m.type === 'marks') {
      marks = m.marks || { nodes: {}, edges: {} };
      if (marksLabel) marksLabel.textContent = m.legend || '';
      applyMarks();
    } else if (m.type === 'paused') {
      paused = m.nodeId || '';
      applyPaused(true);
      applyStatus();
    } else if (m.type === 'highlight') {
      selected = m.nodeId || '';
      applySelection(true);
    } else if (m.type === 'rasterize') {
      rasterize(m);
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
