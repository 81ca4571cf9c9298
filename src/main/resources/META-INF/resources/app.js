// The status page: look up a withdrawal (by its hash or its L2 transaction's), follow it live, and a
// dashboard of counts and batches. Plain browser JavaScript, no build step, nothing from elsewhere.
'use strict';

(function () {
  /** Cards with a stream of their own; more would take the browser's few connections per host. */
  const MAX_OWN_STREAMS = 3;
  const DASHBOARD_EVERY_MS = 10000;

  const cards = new Map(); // withdrawal hash -> { article, stream, refetch }
  let lookupSeq = 0;

  const byId = (id) => document.getElementById(id);

  /** An element with attributes and children (strings become text: data is never parsed as HTML). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) {
        e.setAttribute(k, v);
      }
    }
    for (const c of children.flat(Infinity)) {
      if (c !== null && c !== undefined) {
        e.append(c instanceof Node ? c : String(c));
      }
    }
    return e;
  }

  async function getJson(url) {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: 'application/json' } });
    } catch (e) {
      return { ok: false, status: 0, body: { detail: 'the service did not answer (' + e.message + ')' } };
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // not JSON: the detail falls back to the HTTP status
    }
    return { ok: response.ok, status: response.status, body };
  }

  const detail = (res) => (res.body && res.body.detail) || 'HTTP ' + res.status;
  const num = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'));
  const short = (h) => (h ? h.slice(0, 10) + '…' + h.slice(-6) : '—');

  function time(iso) {
    if (!iso) {
      return '—';
    }
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function relative(iso) {
    const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
    const abs = Math.abs(seconds);
    const span = abs < 120 ? abs + ' s' : abs < 7200 ? Math.round(abs / 60) + ' min'
      : abs < 172800 ? Math.round(abs / 3600) + ' h' : Math.round(abs / 86400) + ' days';
    return seconds >= 0 ? 'in ' + span : span + ' ago';
  }

  function ether(wei) {
    try {
      const w = BigInt(wei);
      const whole = w / 10n ** 18n;
      const frac = (w % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
      return whole + (frac ? '.' + frac : '') + ' ETH';
    } catch (e) {
      return wei + ' wei';
    }
  }

  function message(text, isError) {
    const m = byId('lookup-message');
    m.textContent = text;
    m.className = isError ? 'error' : '';
  }

  // ---- Look-up ------------------------------------------------------------------------------

  async function lookup(raw) {
    const seq = ++lookupSeq;
    const hash = raw.trim();
    clearCards();
    if (!hash) {
      message('Enter a withdrawal hash or an L2 transaction hash.', true);
      return;
    }
    message('Looking up ' + hash + '…');
    const path = encodeURIComponent(hash);
    const one = await getJson('/api/withdrawals/' + path);
    if (seq !== lookupSeq) {
      return; // a newer look-up started meanwhile
    }
    if (one.ok) {
      message('Withdrawal ' + hash + ':');
      showCards([one.body]);
      return;
    }
    if (one.status === 400) {
      message('Malformed hash: ' + detail(one) + '.', true);
      return;
    }
    if (one.status === 409) {
      // The same hash on several chains: one card per chain.
      const chains = await getJson('/api/chains');
      const found = chains.ok ? await Promise.all(chains.body.map((c) =>
        getJson('/api/withdrawals/' + path + '?chain=' + encodeURIComponent(c.name)))) : [];
      if (seq !== lookupSeq) {
        return;
      }
      const ws = found.filter((r) => r.ok).map((r) => r.body);
      message('Withdrawal ' + hash + ' is on ' + ws.length + ' chains:');
      showCards(ws);
      return;
    }
    if (one.status !== 404) {
      message('Look-up failed: ' + detail(one) + '.', true);
      return;
    }
    const byTx = await getJson('/api/l2-transactions/' + path + '/withdrawals');
    if (seq !== lookupSeq) {
      return;
    }
    if (byTx.ok) {
      const n = byTx.body.length;
      message('L2 transaction ' + hash + ' initiated ' + n + (n === 1 ? ' withdrawal:' : ' withdrawals:'));
      showCards(byTx.body);
    } else if (byTx.status === 404) {
      message('Unknown hash: ' + detail(one) + ', and ' + detail(byTx) + '.', true);
    } else {
      message('Look-up failed: ' + detail(byTx) + '.', true);
    }
  }

  function clearCards() {
    for (const c of cards.values()) {
      if (c.stream) {
        c.stream.close();
      }
    }
    cards.clear();
    byId('results').replaceChildren();
  }

  function showCards(withdrawals) {
    const own = withdrawals.length <= MAX_OWN_STREAMS;
    for (const w of withdrawals) {
      const article = el('article', { class: 'withdrawal', 'data-hash': w.withdrawalHash, 'data-chain': w.chain });
      byId('results').append(article);
      const card = { article, stream: null, pending: null, live: own ? 'connecting…' : 'through the stream of all changes' };
      cards.set(cardKey(w.chainId, w.withdrawalHash), card);
      render(card, w);
      if (own) {
        follow(w.withdrawalHash, w.chainId, card);
      }
    }
  }

  /** A withdrawal is its hash on its chain: the same hash may be on two chains. */
  function cardKey(chainId, hash) {
    return chainId + ':' + hash;
  }

  /** The withdrawal's own stream: its status now, then each change. */
  function follow(hash, chainId, card) {
    const stream = new EventSource('/api/withdrawals/' + hash + '/events?chain=' + chainId);
    card.stream = stream;
    stream.onopen = () => setLive(card, 'live');
    stream.onerror = () => setLive(card, stream.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting…');
    stream.onmessage = (e) => changed(JSON.parse(e.data));
    // The server ended the stream (too slow a connection, too many streams); the browser reconnects.
    stream.addEventListener('end', (e) => setLive(card, 'ended by the server: ' + JSON.parse(e.data).reason));
  }

  function setLive(card, text) {
    card.live = text;
    const dd = card.article.querySelector('.live');
    if (dd) {
      dd.textContent = text;
    }
  }

  /** A status change: shown at once, then the whole view fetched again (batches, L1 transactions, ETA). */
  function changed(change) {
    const key = cardKey(change.chainId, change.withdrawalHash);
    const card = cards.get(key);
    if (!card) {
      return;
    }
    const status = card.article.querySelector('.status');
    if (status.textContent !== change.status) {
      status.textContent = change.status;
      status.setAttribute('data-status', change.status);
      card.article.querySelector('.reason').textContent = change.reason || '—';
    }
    clearTimeout(card.pending);
    card.pending = setTimeout(async () => {
      const res = await getJson('/api/withdrawals/' + change.withdrawalHash + '?chain=' + change.chainId);
      if (res.ok && cards.get(key) === card) {
        render(card, res.body);
      }
    }, 300);
  }

  function render(card, w) {
    const rows = [
      ['Status', el('span', { class: 'status', 'data-status': w.status }, w.status)],
      ['Reason', el('span', { class: 'reason' }, w.reason || '—')],
      ['Status since', time(w.statusUpdatedAt)],
    ];
    if (w.eta) {
      rows.push(['ETA', etaList(w.eta)]);
    }
    rows.push(
      ['Chain', el('span', { class: 'chain' }, w.chain), ' (L2 chain ' + w.chainId + ')'],
      ['L2 transaction', el('span', { class: 'hash l2-tx' }, w.l2TxHash), ' (L2 block ' + num(w.l2BlockNumber) + ')'],
      ['What it is', el('span', { class: 'kind' }, what(w))],
      ['Value', ether(w.value) + ' to ', el('span', { class: 'hash' }, w.target)],
      ['Prove batch', batchRef(w.proveBatchId, w.proveTxHash, 'prove')],
      ['Finalize batch', batchRef(w.finalizeBatchId, w.finalizeTxHash, 'finalize')],
      ['Proofs on the portal', proofList(w.proofs)],
      ['Finalization on L1', w.finalization
        ? [el('span', { class: 'hash' }, w.finalization.l1TxHash), ' in L1 block ' + num(w.finalization.l1BlockNumber)
          + (w.finalization.success ? ' (target call succeeded)' : ' (target call FAILED)')]
        : 'not yet'],
      ['Receipt', w.proveBatchId || w.finalizeBatchId
        ? el('a', { href: '/api/withdrawals/' + w.withdrawalHash + '/receipt?chain=' + w.chainId, class: 'receipt' },
          'inclusion receipt (JSON; check it with contracts/scripts/verify-receipt.mjs)')
        : 'once one of our batches has proven or finalized it'],
      ['Updates', el('span', { class: 'live' }, card.live)]);
    const headingId = 'w-' + w.withdrawalHash.slice(2, 18);
    card.article.setAttribute('aria-labelledby', headingId);
    card.article.replaceChildren(
      el('h3', { id: headingId }, 'Withdrawal ', el('span', { class: 'hash' }, w.withdrawalHash)),
      el('dl', {}, rows.map(([term, ...value]) => [el('dt', {}, term), el('dd', {}, value)])));
  }

  /** The decoded withdrawal: a bridge transfer, a messenger message, or a direct call. */
  function what(w) {
    const t = w.transfer;
    const m = w.message;
    let text;
    if (t && t.asset === 'ETH') {
      text = 'ETH transfer through the standard bridge: ' + ether(t.amount) + ' from ' + t.from + ' to ' + t.to;
    } else if (t) {
      text = 'token transfer through the standard bridge: ' + t.amount + ' (smallest units) of L1 token '
        + t.l1Token + ' (L2 ' + t.l2Token + ') from ' + t.from + ' to ' + t.to;
    } else if (m) {
      text = 'message from ' + m.sender + ' to ' + m.target + ' on L1';
    } else {
      return 'direct call to ' + w.target + ' on L1';
    }
    if (m && m.relay === 'FAILED') {
      text += ' — the L1 messenger recorded it as FAILED; anyone can replay it';
    } else if (m && m.relay === 'RELAYED') {
      text += ' — relayed on L1';
    }
    return text;
  }

  function batchRef(id, txHash, kind) {
    if (id === null || id === undefined) {
      return 'none';
    }
    return [el('span', { class: kind + '-batch' }, '#' + id), ', L1 transaction ',
      el('span', { class: 'hash ' + kind + '-tx' }, txHash || 'not yet signed')];
  }

  function proofList(proofs) {
    if (!proofs || proofs.length === 0) {
      return 'none';
    }
    return el('ul', {}, proofs.map((p) => el('li', {}, 'by ', el('span', { class: 'hash' }, p.submitter),
      ' in L1 transaction ', el('span', { class: 'hash proof-tx' }, p.l1TxHash), ' (L1 block '
      + num(p.l1BlockNumber) + ', game ', el('span', { class: 'hash' }, p.disputeGame), ')')));
  }

  function etaList(eta) {
    const items = [];
    const add = (label, t) => {
      if (t && t.instant) {
        items.push(el('li', {}, label + ': ', el('time', { datetime: t.instant }, time(t.instant)),
          ' (' + relative(t.instant) + ')'));
      }
    };
    add('provable at', eta.provableAt);
    add('proven by', eta.provenBy);
    add('finalizable at', eta.finalizableAt);
    add('finalized by', eta.finalizedBy);
    if (eta.basis) {
      items.push(el('li', {}, 'basis: ' + eta.basis));
    }
    return items.length ? el('ul', { class: 'eta' }, items) : 'unknown';
  }

  // ---- Dashboard ----------------------------------------------------------------------------

  let dashboardPending = null;

  async function refreshDashboard() {
    const res = await getJson('/api/dashboard');
    if (!res.ok) {
      byId('dashboard-updated').textContent = 'Dashboard unavailable: ' + detail(res);
      return;
    }
    const d = res.body;
    byId('status-counts').tBodies[0].replaceChildren(
      ...Object.entries(d.withdrawalsByStatus).map(([status, n]) => el('tr', { 'data-status': status },
        el('th', { scope: 'row' }, status), el('td', { class: 'num' }, num(n)))),
      el('tr', { 'data-status': 'ALL' }, el('th', { scope: 'row' }, 'all'), el('td', { class: 'num' }, num(d.withdrawals))));
    const t = d.totals;
    byId('totals').replaceChildren(...[
      ['Prove batches', num(t.batchesByKind.PROVE), 'prove-batches'],
      ['Finalize batches', num(t.batchesByKind.FINALIZE), 'finalize-batches'],
      ['Gas used', num(t.gasUsed), 'gas-used'],
      ['Gas saved', t.batchesWithGasSaved > 0
        ? num(t.gasSaved) + ' (over ' + num(t.batchesWithGasSaved) + ' of ' + num(t.batches) + ' batches)'
        : 'not known yet', 'gas-saved'],
    ].flatMap(([term, value, id]) => [el('dt', {}, term), el('dd', { id: 'total-' + id }, value)]));
    byId('recent-batches').tBodies[0].replaceChildren(...(d.recentBatches.length === 0
      ? [el('tr', {}, el('td', { colspan: 8 }, 'No batches yet.'))]
      : d.recentBatches.map((b) => el('tr', { 'data-batch-id': b.id },
        el('th', { scope: 'row' }, el('a', { href: '/api/batches/' + b.id }, '#' + b.id)),
        el('td', {}, b.kind), el('td', {}, b.status), el('td', { class: 'num' }, num(b.itemCount)),
        el('td', { class: 'num gas-per-withdrawal' }, num(b.gasPerWithdrawal)),
        el('td', { class: 'num gas-saved' }, b.gasSaved === null ? '—' : num(b.gasSaved)),
        el('td', { class: 'tx', title: b.txHash || '' }, short(b.txHash)),
        el('td', {}, time(b.createdAt))))));
    byId('dashboard-updated').textContent = 'Updated ' + time(d.at) + '.';
    refreshDryRun();
  }

  /** Dry-run mode's batches; the section stays hidden while there are none. */
  async function refreshDryRun() {
    const res = await getJson('/api/dry-run/batches?size=20');
    if (!res.ok || res.body.total === 0) {
      return;
    }
    byId('dry-run').hidden = false;
    byId('dry-run-batches').tBodies[0].replaceChildren(...res.body.items.map((b) => el('tr', { 'data-dry-run-id': b.id },
      el('th', { scope: 'row' }, el('a', { href: '/api/dry-run/batches/' + b.id }, '#' + b.id)),
      el('td', {}, b.chain), el('td', {}, b.kind), el('td', { class: 'num' }, num(b.itemCount)),
      el('td', { class: 'num simulated-gas' }, b.simulatedGas === null ? 'fails: ' + b.failure : num(b.simulatedGas)),
      el('td', { class: 'num' }, b.oneTransactionPerStepGas === null ? '—' : num(b.oneTransactionPerStepGas)),
      el('td', { class: 'num saved' }, b.savedPercent === null ? '—' : num(b.gasSaved) + ' (' + b.savedPercent + ' %)'),
      el('td', {}, time(b.createdAt)))));
  }

  /** Changes come in bursts (a whole batch at once): one refresh per second at most. */
  function dashboardSoon() {
    if (!dashboardPending) {
      dashboardPending = setTimeout(() => {
        dashboardPending = null;
        refreshDashboard();
      }, 1000);
    }
  }

  function start() {
    byId('lookup').addEventListener('submit', (e) => {
      e.preventDefault();
      lookup(byId('hash').value);
    });
    refreshDashboard();
    setInterval(refreshDashboard, DASHBOARD_EVERY_MS);
    const all = new EventSource('/api/events');
    all.onmessage = (e) => {
      const change = JSON.parse(e.data);
      dashboardSoon();
      const card = cards.get(cardKey(change.chainId, change.withdrawalHash));
      if (card && !card.stream) {
        changed(change); // shown without a stream of its own
      }
    };
    const initial = new URLSearchParams(location.search).get('hash');
    if (initial) {
      byId('hash').value = initial;
      lookup(initial);
    }
  }

  start();
}());
