// The what-if page's plot and sliders. Every number comes from the server as a decimal string
// (computed by the service's margin code); this script only turns them into pixel positions and
// shows them as they came. A slider asks POST /console/what-if/decision what its action would do
// under the policy in force, and the plot is redrawn from the answer.
'use strict';

(() => {
  const root = document.getElementById('what-if');
  if (!root) {
    return;
  }
  const start = JSON.parse(root.dataset.whatIf);
  const svg = document.getElementById('plot');
  const SVG = 'http://www.w3.org/2000/svg';
  // The drawing is as many units wide as the plot is pixels, within bounds, so that its text stays
  // readable on a phone; it is redrawn when the window's width changes.
  let PLOT = null;
  const sliders = ['add-margin', 'remove-margin', 'leverage']
    .map(id => document.getElementById(id)).filter(Boolean);
  const leverage = document.getElementById('leverage');
  let asked = 0;
  let timer = null;

  function element(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  let shown = start;

  function layout() {
    const width = Math.round(Math.min(800, Math.max(340, svg.getBoundingClientRect().width || 800)));
    const height = Math.round(Math.max(330, width * 0.55));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    PLOT = {left: 48, right: width - 14, top: 92, bottom: height - 40};
  }

  /** Draws the curve of `state`: {position (as the API shows one), curve}. */
  function draw(state) {
    shown = state;
    layout();
    svg.replaceChildren();
    const curve = state.curve;
    const position = state.position;
    if (!curve || !position) {
      svg.append(element('text', {x: 20, y: 40}, 'No position to plot.'));
      return;
    }
    const from = Number(curve.from), to = Number(curve.to);
    const liquidationRatio = Number(curve.liquidationRiskRatio);
    const top = liquidationRatio * 1.5;
    const x = price => PLOT.left + (Number(price) - from) / (to - from) * (PLOT.right - PLOT.left);
    const y = ratio => PLOT.bottom - Math.min(Number(ratio), top) / top * (PLOT.bottom - PLOT.top);

    // axes, with ticks every quarter of the liquidation ratio and five along the price range
    svg.append(element('rect', {x: PLOT.left, y: PLOT.top, width: PLOT.right - PLOT.left,
      height: PLOT.bottom - PLOT.top, fill: '#fbfcfd', stroke: '#c4c9d1'}));
    for (let quarter = 0; quarter <= 6; quarter++) {
      const ratio = liquidationRatio * quarter / 4;
      svg.append(element('line', {x1: PLOT.left, x2: PLOT.right, y1: y(ratio), y2: y(ratio), stroke: '#eceef2'}));
      svg.append(element('text', {x: PLOT.left - 6, y: y(ratio) + 4, 'text-anchor': 'end'},
        `${Math.round(ratio * 100)} %`));
    }
    for (let tick = 0; tick <= 4; tick++) {
      const price = from + (to - from) * tick / 4;
      const anchor = tick === 0 ? 'start' : tick === 4 ? 'end' : 'middle';
      svg.append(element('text', {x: x(price), y: PLOT.bottom + 18, 'text-anchor': anchor},
        price.toFixed(price >= 1000 ? 0 : 2)));
    }
    svg.append(element('text', {x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 34, 'text-anchor': 'middle'},
      `mark price of ${curve.symbol}`));
    threshold(y(curve.liquidationRiskRatio), '#c62828');
    threshold(y(curve.marginCallRiskRatio), '#b35900');

    // the tier boundaries, then the curve: a run of points with a bounded ratio is one polyline
    curve.tierBoundaries.forEach(boundary => {
      svg.append(element('line', {x1: x(boundary.markPrice), x2: x(boundary.markPrice), y1: PLOT.top, y2: PLOT.bottom,
        stroke: '#6b7280', 'stroke-dasharray': '4 4', class: 'tier-boundary'}));
      svg.append(element('text', {x: x(boundary.markPrice) + 3, y: PLOT.bottom - 6, fill: '#6b7280'},
        `tier ${boundary.tier} cap`));
    });
    let run = [];
    const flush = () => {
      if (run.length > 1) {
        svg.append(element('polyline', {points: run.join(' '), fill: 'none', stroke: '#1b2a41', 'stroke-width': 2.5,
          class: 'risk-curve'}));
      }
      run = [];
    };
    curve.points.forEach(point => {
      if (point.riskRatio === null) {
        flush();
      } else {
        run.push(`${x(point.markPrice).toFixed(1)},${y(point.riskRatio).toFixed(1)}`);
      }
    });
    flush();

    // the prices of note, each a vertical line with its value as the server gave it in a row of its own above
    mark('liquidation-price', 'Liquidation', position.liquidationPrice, '#c62828', 0);
    mark('margin-call-price', 'Margin call', curve.marginCallPrice, '#b35900', 1);
    mark('entry-price', 'Entry', position.entryPrice, '#6b7280', 2);
    mark('mark-price', 'Mark', position.markPrice, '#1f6feb', 3);

    function threshold(at, colour) {
      svg.append(element('line', {x1: PLOT.left, x2: PLOT.right, y1: at, y2: at, stroke: colour, 'stroke-width': 1}));
    }

    function mark(id, label, price, colour, row) {
      const labelY = 18 + row * 19;
      if (price === null || price === undefined) {
        svg.append(element('text', {x: PLOT.left, y: labelY, fill: colour, id}, `${label}: none`));
        return;
      }
      const inRange = Number(price) >= from && Number(price) <= to;
      const at = Math.max(PLOT.left, Math.min(PLOT.right, x(price)));
      if (inRange) {
        // within the plot only, so that no line crosses another price's label above it
        svg.append(element('line', {x1: at, x2: at, y1: PLOT.top - 6, y2: PLOT.bottom, stroke: colour, 'stroke-width': 2,
          id: `${id}-line`}));
      }
      const anchor = at > (PLOT.left + PLOT.right) / 2 ? 'end' : 'start';
      const text = element('text', {x: anchor === 'end' ? at - 4 : at + 4, y: labelY, fill: colour, 'text-anchor': anchor});
      text.append(element('tspan', {}, `${label} `));
      text.append(element('tspan', {id, 'font-weight': 700}, price));
      svg.append(text);
    }
  }

  /** Shows the figures of `state` in the table above the plot. */
  function figures(state) {
    const p = state.position || {};
    const set = (id, value, none) => {
      document.getElementById(id).textContent = value === null || value === undefined ? none : value;
    };
    set('figure-liquidation-price', p.liquidationPrice, 'none');
    set('figure-margin-call-price', state.curve && state.curve.marginCallPrice, 'none');
    set('figure-entry-price', p.entryPrice, '—');
    set('figure-mark-price', p.markPrice, '—');
    set('figure-risk-ratio', p.riskRatio, 'unbounded');
    set('figure-isolated-margin', p.isolatedMargin, '—');
    set('figure-leverage', p.leverage, '—');
    set('figure-tier', p.tier, 'above the risk limit');
  }

  function show(state) {
    draw(state);
    figures(state);
  }

  function tell(line, outcome, violations) {
    const decision = document.getElementById('decision-line');
    decision.replaceChildren();
    if (outcome) {
      const strong = document.createElement('strong');
      strong.id = 'decision';
      strong.className = outcome === 'DENY' ? 'bad' : 'ok';
      strong.textContent = outcome;
      decision.append(strong, ' ');
    }
    decision.append(line);
    const list = document.getElementById('violations');
    list.replaceChildren(...(violations || []).map(v => {
      const item = document.createElement('li');
      item.className = 'violation';
      const code = document.createElement('strong');
      code.textContent = v.code;
      const rule = document.createElement('span');
      rule.className = 'rule';
      rule.textContent = v.rule;
      item.append(code, ' under the rule “', rule, '”: ', v.message);
      return item;
    }));
  }

  /** The action a slider stands for, or null when it is back where the position is. */
  function action(slider) {
    const params = {symbol: start.symbol};
    if (slider.id === 'leverage') {
      if (slider.value === slider.dataset.current) {
        return null;
      }
      return {action: 'ADJUST_LEVERAGE', params: {...params, leverage: slider.value}, label: `leverage ${slider.value}`};
    }
    if (Number(slider.value) === 0) {
      return null;
    }
    const adding = slider.id === 'add-margin';
    return {action: adding ? 'ADD_MARGIN' : 'REMOVE_MARGIN', params: {...params, amount: slider.value},
      label: `${adding ? 'adding' : 'removing'} ${slider.value} of margin`};
  }

  async function ask(slider) {
    const wanted = action(slider);
    const mine = ++asked;
    if (!wanted) {
      show(start);
      tell('The position as it is.', null, []);
      return;
    }
    try {
      // location.origin: a page opened with credentials in its address may not fetch that address
      const response = await fetch(`${location.origin}/console/what-if/decision`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({action: wanted.action, params: wanted.params, facts: start.facts}),
      });
      const answer = await response.json();
      if (mine !== asked) {
        return; // a later move has been asked meanwhile
      }
      if (!response.ok) {
        const errors = (answer.errors || []).map(e => `${e.field}: ${e.message}`).join('; ');
        tell(`The service refused it: ${answer.detail || response.status}${errors ? ' (' + errors + ')' : ''}`, null, []);
        return;
      }
      show({position: answer.preview && answer.preview.after, curve: answer.curve});
      tell(`for ${wanted.label}: the plot shows the position after it.`, answer.decision, answer.violations);
    } catch (error) {
      if (mine === asked) {
        tell(`The service could not be asked: ${error.message}`, null, []);
      }
    }
  }

  sliders.forEach(slider => {
    const output = document.getElementById(`${slider.id}-value`);
    slider.addEventListener('input', () => {
      // one action at a time: the other sliders go back to the position as it is
      sliders.filter(other => other !== slider).forEach(other => {
        other.value = other.id === 'leverage' ? other.dataset.current : '0';
        document.getElementById(`${other.id}-value`).textContent = other.value;
      });
      output.textContent = slider.value;
      clearTimeout(timer);
      timer = setTimeout(() => ask(slider), 120);
    });
  });

  draw(start);
  let width = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth !== width) {
      width = window.innerWidth;
      draw(shown);
    }
  });
  if (leverage) {
    leverage.value = leverage.dataset.current;
  }
})();
