// The status page: look up a withdrawal (by its hash, its L2 transaction's, or an address), see where it
// is in its life as a progress line that the live event stream keeps moving, and a dashboard of what
// batching saves. Plain browser JavaScript, no build step, nothing from elsewhere.
'use strict';

(function () {
  /** Cards with a stream of their own; more would take the browser's few connections per host. */
  const MAX_OWN_STREAMS = 3;
  const DASHBOARD_EVERY_MS = 10000;
  /** Relative times ("in about 40 min") are rewritten this often. */
  const TICK_MS = 5000;
  /** Withdrawals of an address per page ("Show more" asks for the next). */
  const ADDRESS_PAGE_SIZE = 5;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const cards = new Map(); // chainId:hash -> { article, stream, pending, live }
  const explorers = new Map(); // chain name -> { l1, l2 } base URLs (either may be null)
  let chainCount = 1;
  let lookupSeq = 0;
  let moreAfter = null; // { address, next } while an address has more withdrawals
  let lastDashboard = null;

  const byId = (id) => document.getElementById(id);

  function append(e, children) {
    for (const c of children.flat(Infinity)) {
      if (c !== null && c !== undefined && c !== false) {
        e.append(c instanceof Node ? c : String(c));
      }
    }
    return e;
  }

  function setAttrs(e, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) {
        e.setAttribute(k, v);
      }
    }
    return e;
  }

  /** An element with attributes and children (strings become text: data is never parsed as HTML). */
  const el = (tag, attrs, ...children) => append(setAttrs(document.createElement(tag), attrs), children);
  /** The same in SVG. */
  const svg = (tag, attrs, ...children) => append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);

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
  const short = (h) => (h ? h.slice(0, 6) + '…' + h.slice(-4) : '—');
  const known = (v) => v !== null && v !== undefined;

  // ---- Times: absolute in the viewer's time zone, relative kept current ------------------------

  const TIME_PARTS = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
    timeZoneName: 'short' };
  const THIS_YEAR = new Intl.DateTimeFormat(undefined, TIME_PARTS);
  const ANY_YEAR = new Intl.DateTimeFormat(undefined, { year: 'numeric', ...TIME_PARTS });
  const HOUR = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

  function absolute(iso) {
    const d = new Date(iso);
    if (isNaN(d)) {
      return String(iso);
    }
    return (d.getFullYear() === new Date().getFullYear() ? THIS_YEAR : ANY_YEAR).format(d);
  }

  /** A span of time as people say it: "40 s", "12 min", "3 h 5 min", "6 days 23 h". */
  function span(totalSeconds) {
    const s = Math.abs(Math.round(totalSeconds));
    if (s < 60) {
      return s + ' s';
    }
    if (s < 3600) {
      return Math.round(s / 60) + ' min';
    }
    if (s < 86400) {
      const m = Math.floor((s % 3600) / 60);
      return Math.floor(s / 3600) + ' h' + (m ? ' ' + m + ' min' : '');
    }
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    return d + (d === 1 ? ' day' : ' days') + (h ? ' ' + h + ' h' : '');
  }

  /** "expected in about 40 min" (or "expected 2 min ago" once late); "3 min ago" for what happened. */
  function relativeText(iso, expected) {
    const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
    if (isNaN(seconds)) {
      return '';
    }
    if (expected) {
      return seconds > 0 ? 'expected in about ' + span(seconds) : 'expected ' + span(seconds) + ' ago';
    }
    return span(seconds) + ' ago';
  }

  /** A time: relative (rewritten every few seconds) and absolute in the viewer's zone. */
  function when(iso, expected) {
    return [el('time', { datetime: iso, class: 'rel', 'data-expected': expected ? 'true' : 'false' },
      relativeText(iso, expected)), ' (', el('span', { class: 'abs' }, absolute(iso)), ')'];
  }

  function tick() {
    for (const t of document.querySelectorAll('time.rel')) {
      t.textContent = relativeText(t.getAttribute('datetime'), t.getAttribute('data-expected') === 'true');
    }
  }

  // ---- Amounts and addresses -----------------------------------------------------------------

  /** An integer amount of smallest units in whole units, exactly: "1,234.5" for 1234500 with 3 decimals. */
  function units(raw, decimals) {
    const n = BigInt(raw);
    const scale = 10n ** BigInt(decimals);
    const whole = (n / scale).toLocaleString('en-US');
    const frac = decimals > 0 ? (n % scale).toString().padStart(decimals, '0').replace(/0+$/, '') : '';
    return whole + (frac ? '.' + frac : '');
  }

  function ether(wei) {
    try {
      return units(wei, 18) + ' ETH';
    } catch (e) {
      return wei + ' wei';
    }
  }

  /** What it moves, as people read it: ETH in ETH, a token in its symbol and decimals (raw units when unknown). */
  function amountOf(w) {
    const t = w.transfer;
    if (!t) {
      return ether(w.value);
    }
    if (t.asset === 'ETH') {
      return ether(t.amount);
    }
    try {
      if (known(t.decimals) && t.decimals >= 0 && t.decimals <= 77) {
        return units(t.amount, t.decimals) + ' ' + (t.symbol || 'tokens');
      }
    } catch (e) {
      // not an integer: shown raw below
    }
    return t.amount + ' (raw units)';
  }

  /** A block explorer's page of a transaction or address on a chain's L1 or L2, when one is configured. */
  function explorerUrl(chain, layer, kind, value) {
    const e = explorers.get(chain);
    const base = e && (layer === 'L1' ? e.l1 : e.l2);
    return base && value ? base.replace(/\/+$/, '') + '/' + kind + '/' + value : null;
  }

  /**
   * An address or hash, shortened, with the full value on hover and a copy button; a link to the
   * explorer when the chain has one.
   */
  function ref(value, opts) {
    if (!value) {
      return el('span', { class: opts.cls }, opts.none || '—');
    }
    const url = explorerUrl(opts.chain, opts.layer, opts.kind, value);
    const text = el('span', { class: 'hash ' + (opts.cls || ''), title: value, 'data-full': value }, short(value));
    return el('span', { class: 'ref' }, url ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, text)
      : text, el('button', { type: 'button', class: 'copy', 'data-copy': value, title: 'Copy ' + value,
      'aria-label': 'Copy ' + value }, 'copy'));
  }

  const address = (a, chain, layer, cls) => ref(a, { chain, layer, kind: 'address', cls });
  const tx = (h, chain, layer, cls) => ref(h, { chain, layer, kind: 'tx', cls });

  async function copy(button) {
    const value = button.getAttribute('data-copy');
    let done = false;
    try {
      await navigator.clipboard.writeText(value);
      done = true;
    } catch (e) {
      const area = el('textarea', { readonly: 'readonly', class: 'offscreen' }, value);
      document.body.append(area);
      area.select();
      done = document.execCommand('copy');
      area.remove();
    }
    button.textContent = done ? 'copied' : 'copy failed';
    setTimeout(() => { button.textContent = 'copy'; }, 2000);
  }

  // ---- Plain words ---------------------------------------------------------------------------

  const STATUS_WORDS = {
    WAITING_FOR_GAME: 'Waiting for L2 state on L1',
    READY_TO_PROVE: 'Ready for the next prove batch',
    PROVING: 'Being proven on L1',
    PROVEN_MATURING: 'Proven: in the waiting period',
    READY_TO_FINALIZE: 'Ready for the next finalize batch',
    FINALIZING: 'Being finalized on L1',
    FINALIZED: 'Finalized: arrived on L1',
    FINALIZED_FAILED_CALL: 'Finalized, but the call on L1 failed',
    SKIPPED: 'Skipped',
    NEEDS_REPROVE: 'Must be proven again',
  };
  const statusWords = (s) => STATUS_WORDS[s] || s;

    const STEP_WORDS = {
    INITIATED: 'Initiated on L2',
    PROVEN: 'Proven on L1',
    MATURED: 'Proof matured, game final',
    FINALIZED: 'Finalized on L1',
  };
  const STATE_WORDS = { DONE: 'done', CURRENT: 'now', EXPECTED: 'next', SKIPPED: 'skipped' };

  // ---- Look-up ------------------------------------------------------------------------------

  function message(text, isError) {
    const m = byId('lookup-message');
    m.textContent = text;
    m.className = isError ? 'error' : '';
  }

  /** The page's address says what is shown, so that it can be shared (no reload, no history entry). */
  function setUrl(params) {
    const query = new URLSearchParams(params).toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  function permalink(w) {
    const params = { withdrawal: w.withdrawalHash };
    if (chainCount > 1) {
      params.chain = w.chain;
    }
    return location.pathname + '?' + new URLSearchParams(params).toString();
  }

  /** What was typed: an address (40 hex digits) or a hash (withdrawal first, then L2 transaction). */
  function lookup(raw) {
    const q = raw.trim();
    if (!q) {
      clearCards();
      message('Enter a withdrawal hash, an L2 transaction hash, or an address.', true);
      return;
    }
    if (q.length === 42 && q.startsWith('0x')) {
      lookupAddress(q);
    } else {
      lookupHash(q, null, true);
    }
  }

  async function lookupHash(hash, chain, orL2Tx) {
    const seq = ++lookupSeq;
    clearCards();
    message('Looking up ' + hash + '…');
    const path = encodeURIComponent(hash);
    const one = await getJson('/api/withdrawals/' + path + (chain ? '?chain=' + encodeURIComponent(chain) : ''));
    if (seq !== lookupSeq) {
      return; // a newer look-up started meanwhile
    }
    if (one.ok) {
      setUrl(chain ? { withdrawal: hash, chain } : { withdrawal: hash });
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
      setUrl({ withdrawal: hash });
      message('Withdrawal ' + hash + ' is on ' + ws.length + ' chains:');
      showCards(ws);
      return;
    }
    if (one.status !== 404 || !orL2Tx) {
      message((one.status === 404 ? 'Unknown withdrawal: ' : 'Look-up failed: ') + detail(one) + '.', true);
      return;
    }
    await lookupL2Tx(hash, seq, detail(one));
  }

  async function lookupL2Tx(hash, seq, withdrawalMiss) {
    const byTx = await getJson('/api/l2-transactions/' + encodeURIComponent(hash) + '/withdrawals');
    if (seq !== lookupSeq) {
      return;
    }
    if (byTx.ok) {
      const n = byTx.body.length;
      setUrl({ l2tx: hash });
      message('L2 transaction ' + hash + ' initiated ' + n + (n === 1 ? ' withdrawal:' : ' withdrawals:'));
      showCards(byTx.body);
    } else if (byTx.status === 404) {
      message('Unknown hash: ' + (withdrawalMiss ? withdrawalMiss + ', and ' : '') + detail(byTx) + '.', true);
    } else {
      message((byTx.status === 400 ? 'Malformed hash: ' : 'Look-up failed: ') + detail(byTx) + '.', true);
    }
  }

  async function lookupAddress(addr) {
    const seq = ++lookupSeq;
    clearCards();
    message('Looking up the withdrawals of ' + addr + '…');
    const res = await getJson(addressUrl(addr, null));
    if (seq !== lookupSeq) {
      return;
    }
    if (!res.ok) {
      message((res.status === 400 ? 'Malformed address: ' : 'Look-up failed: ') + detail(res) + '.', true);
      return;
    }
    setUrl({ address: addr });
    const items = res.body.items;
    message(items.length === 0 ? 'Address ' + addr + ' has sent no withdrawal on L2 and receives none on L1.'
      : 'Withdrawals of address ' + addr + ' (sent on L2 or received on L1), newest first:');
    showCards(items, true);
    setMore(res.body.next ? { address: addr, next: res.body.next } : null);
  }

  function addressUrl(addr, after) {
    return '/api/addresses/' + encodeURIComponent(addr) + '/withdrawals?size=' + ADDRESS_PAGE_SIZE
      + (after ? '&after=' + encodeURIComponent(after) : '');
  }

  function setMore(next) {
    moreAfter = next;
    byId('more').hidden = !next;
  }

  async function showMore() {
    const page = moreAfter;
    if (!page) {
      return;
    }
    const seq = lookupSeq;
    byId('more').disabled = true;
    const res = await getJson(addressUrl(page.address, page.next));
    byId('more').disabled = false;
    if (seq !== lookupSeq) {
      return;
    }
    if (!res.ok) {
      message('Could not load more: ' + detail(res) + '.', true);
      return;
    }
    showCards(res.body.items, true);
    setMore(res.body.next ? { address: page.address, next: res.body.next } : null);
  }

  function clearCards() {
    for (const c of cards.values()) {
      if (c.stream) {
        c.stream.close();
      }
    }
    cards.clear();
    setMore(null);
    byId('results').replaceChildren();
  }

  /**
   * Cards for these withdrawals. A few get a stream of their own (their status at once, then each
   * change); an address's list, which may grow with "Show more", follows the stream of all changes.
   */
  function showCards(withdrawals, shared) {
    const own = !shared && withdrawals.length <= MAX_OWN_STREAMS;
    for (const w of withdrawals) {
      const key = cardKey(w.chainId, w.withdrawalHash);
      if (cards.has(key)) {
        continue;
      }
      const article = el('article', { class: 'withdrawal', 'data-hash': w.withdrawalHash, 'data-chain': w.chain });
      byId('results').append(article);
      const card = { article, stream: null, pending: null, live: own ? 'connecting…' : 'live (shared stream)' };
      cards.set(key, card);
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
    const e = card.article.querySelector('.live');
    if (e) {
      e.textContent = text;
    }
  }

  /** A status change: shown at once, then the whole view fetched again (progress, transactions, times). */
  function changed(change) {
    const key = cardKey(change.chainId, change.withdrawalHash);
    const card = cards.get(key);
    if (!card) {
      return;
    }
    if (card.article.getAttribute('data-status') !== change.status) {
      card.article.setAttribute('data-status', change.status);
      const words = card.article.querySelector('.status-words');
      words.textContent = statusWords(change.status);
      words.setAttribute('data-status', change.status);
      card.article.querySelector('.status').textContent = change.status;
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

  // ---- A withdrawal's card ---------------------------------------------------------------------

  function render(card, w) {
    const headingId = 'w-' + w.chainId + '-' + w.withdrawalHash.slice(2, 18);
    const progress = w.progress; // null from a service older than the page: no line, the reason as the sentence
    setAttrs(card.article, { 'aria-labelledby': headingId, 'data-status': w.status });
    card.article.replaceChildren();
    append(card.article, [
      el('div', { class: 'card-head' },
        el('h3', { id: headingId }, 'Withdrawal ', ref(w.withdrawalHash, { cls: 'withdrawal-hash' })),
        el('a', { class: 'permalink', href: permalink(w) }, 'Link to this withdrawal'),
        el('span', { class: 'live', title: 'Updates' }, card.live)),
      el('p', { class: 'summary' },
        el('span', { class: 'status-words', 'data-status': w.status }, statusWords(w.status)),
        ' · ', el('span', { class: 'kind' }, what(w))),
      progress ? progressLine(progress, w) : null,
      waitingLine(progress, w),
      w.message && w.message.relay === 'FAILED'
        ? el('p', { class: 'note' }, 'The L1 messenger recorded the message as failed; anyone can replay it on L1.')
        : null,
      el('details', { class: 'raw' }, el('summary', {}, 'Technical details'), rawFields(card, w))]);
  }

  /** The decoded withdrawal in words: a bridge transfer, a messenger message, or a direct call. */
  function what(w) {
    const t = w.transfer;
    const m = w.message;
    const amount = el('span', { class: 'amount' }, amountOf(w));
    if (t) {
      return [amount, t.asset === 'ETH' ? '' : [' (L1 token ', address(t.l1Token, w.chain, 'L1', 'token'), ')'],
        ' from ', address(t.from, w.chain, 'L2', 'from'), ' on L2 to ', address(t.to, w.chain, 'L1', 'to'),
        ' on L1, through the standard bridge'];
    }
    if (m) {
      return ['Message from ', address(m.sender, w.chain, 'L2', 'from'), ' on L2 to ',
        address(m.target, w.chain, 'L1', 'to'), ' on L1, with ', amount];
    }
    return ['Call from ', address(w.sender, w.chain, 'L2', 'from'), ' on L2 to ',
      address(w.target, w.chain, 'L1', 'to'), ' on L1, with ', amount];
  }

  /** The four steps, each done (when, which transaction) or expected (when). */
  function progressLine(progress, w) {
    const current = progress.steps.find((s) => s.state === 'CURRENT');
    return el('ol', { class: 'progress', 'aria-label': 'Progress', 'data-current': current ? current.step : null },
      progress.steps.map((s) => el('li', { class: 'step', 'data-step': s.step, 'data-state': s.state,
        'aria-current': s.state === 'CURRENT' ? 'step' : null },
      el('span', { class: 'dot', 'aria-hidden': 'true' }),
      el('span', { class: 'step-name' }, STEP_WORDS[s.step] || s.step),
      el('span', { class: 'step-state' }, STATE_WORDS[s.state] || s.state),
      stepWhen(s),
      s.txHash ? el('span', { class: 'step-tx' }, s.chainLayer + ' tx ', tx(s.txHash, w.chain, s.chainLayer, 'tx'))
        : null,
      known(s.block) && !s.txHash ? el('span', { class: 'step-block' }, s.chainLayer + ' block ' + num(s.block))
        : null)));
  }

  function stepWhen(s) {
    if (s.state === 'DONE') {
      return s.at ? el('span', { class: 'step-when' }, when(s.at, false)) : null;
    }
    if (s.state === 'SKIPPED' || !s.expectedAt) {
      return null;
    }
    return el('span', { class: 'step-when' }, when(s.expectedAt, true));
  }

  /** What it waits for now, in plain words, and when that is expected. */
  function waitingLine(progress, w) {
    const sentence = progress ? progress.waitingFor : w.status.startsWith('FINALIZED') ? null : w.reason;
    if (!sentence) {
      return null;
    }
    const steps = progress ? progress.steps : [];
    const next = steps.find((s) => s.state === 'CURRENT' && s.expectedAt)
      || steps.find((s) => s.state === 'EXPECTED' && s.expectedAt);
    // The sentence says whether an operator can retry it; retryable is for programs (and tests).
    return el('p', { class: 'waiting', 'data-reason-code': progress ? progress.waitingReasonCode : w.reasonCode,
      'data-retryable': progress && progress.retryable ? 'true' : 'false' },
    sentence.charAt(0).toUpperCase() + sentence.slice(1).replace(/\.$/, ''),
    next ? [', ', when(next.expectedAt, true)] : '', '.');
  }

  /** The API's fields, for those who want them. */
  function rawFields(card, w) {
    const rows = [
      ['Status', el('span', { class: 'status', 'data-status': w.status }, w.status)],
      ['Reason', el('span', { class: 'reason' }, w.reason || '—')],
      ['Reason code', w.reasonCode || '—'],
      ['Status since', w.statusUpdatedAt ? absolute(w.statusUpdatedAt) : '—'],
    ];
    if (w.eta) {
      rows.push(['ETA', etaList(w.eta)]);
    }
    rows.push(
      ['Withdrawal hash', el('span', { class: 'hash' }, w.withdrawalHash)],
      ['Chain', el('span', { class: 'chain' }, w.chain), ' (L2 chain ' + w.chainId + ')'],
      ['L2 transaction', el('span', { class: 'hash l2-tx' }, w.l2TxHash), ' (L2 block ' + num(w.l2BlockNumber) + ')'],
      ['Kind', w.kind || '—'],
      ['Sender on L2', el('span', { class: 'hash' }, w.sender)],
      ['Target on L1', el('span', { class: 'hash' }, w.target)],
      ['Value', w.value + ' wei'],
      ['Transfer', w.transfer ? el('span', { class: 'hash' }, 'amount ' + w.transfer.amount + ' smallest units'
        + (w.transfer.l1Token ? ', L1 token ' + w.transfer.l1Token + ', L2 token ' + w.transfer.l2Token : '')
        + (known(w.transfer.decimals) ? ', ' + w.transfer.decimals + ' decimals' : '')) : 'none'],
      ['Prove batch', batchRef(w.proveBatchId, w.proveTxHash, 'prove')],
      ['Finalize batch', batchRef(w.finalizeBatchId, w.finalizeTxHash, 'finalize')],
      ['Proofs on the portal', proofList(w.proofs)],
      ['Finalization on L1', w.finalization
        ? [el('span', { class: 'hash finalization-tx' }, w.finalization.l1TxHash), ' in L1 block '
          + num(w.finalization.l1BlockNumber)
          + (w.finalization.success ? ' (target call succeeded)' : ' (target call FAILED)')]
        : 'not yet'],
      ['Receipt', w.proveBatchId || w.finalizeBatchId
        ? el('a', { href: '/api/withdrawals/' + w.withdrawalHash + '/receipt?chain=' + w.chainId, class: 'receipt' },
          'inclusion receipt (JSON; check it with contracts/scripts/verify-receipt.mjs)')
        : 'once one of our batches has proven or finalized it'],
      ['JSON', el('a', { href: '/api/withdrawals/' + w.withdrawalHash + '?chain=' + w.chainId }, 'this withdrawal')]);
    return el('dl', {}, rows.map(([term, ...value]) => [el('dt', {}, term), el('dd', {}, value)]));
  }

  function batchRef(id, txHash, kind) {
    if (!known(id)) {
      return 'none';
    }
    return [el('a', { class: kind + '-batch', href: '/api/batches/' + id }, '#' + id), ', L1 transaction ',
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
        items.push(el('li', {}, label + ': ' + absolute(t.instant) + ' (' + t.epochSeconds + ')'));
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
    lastDashboard = res.body;
    renderDashboard(res.body);
    refreshDryRun();
  }

  function renderDashboard(d) {
    const statuses = Object.entries(d.withdrawalsByStatus);
    byId('status-counts').tBodies[0].replaceChildren(
      ...statuses.map(([status, n]) => el('tr', { 'data-status': status },
        el('th', { scope: 'row' }, statusWords(status), ' ', el('code', {}, status)), el('td', { class: 'num' }, num(n)))),
      el('tr', { 'data-status': 'ALL' }, el('th', { scope: 'row' }, 'all'), el('td', { class: 'num' }, num(d.withdrawals))));
    hbars('status-chart', 'Withdrawals by status', statuses.map(([status, n]) => ({
      key: status, label: statusWords(status), value: n })), 'No withdrawals yet.');

    const waiting = d.waiting || [];
    byId('waiting-table').tBodies[0].replaceChildren(...(waiting.length === 0
      ? [el('tr', {}, el('td', { colspan: 2 }, d.waiting ? 'Nothing is waiting.' : 'Not reported by this service.'))]
      : waiting.map((r) => el('tr', { 'data-reason-code': r.reasonCode },
        el('th', { scope: 'row' }, r.reason), el('td', { class: 'num' }, num(r.withdrawals))))));
    hbars('waiting-chart', 'The most common reasons withdrawals wait', waiting.map((r) => ({
      key: r.reasonCode, label: r.reason, value: r.withdrawals })),
    d.waiting ? 'Nothing is waiting.' : 'Not reported by this service.');

    finalizedChart(d.finalizedPerHour);
    gasChart(d.recentBatches);

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
        el('td', { class: 'tx' }, b.txHash ? ref(b.txHash, {}) : '—'),
        el('td', {}, absolute(b.createdAt))))));
    byId('dashboard-updated').textContent = 'Updated ' + absolute(d.at) + '.';
  }

  /** The chart's width: that of its box, so that text keeps its size on a phone. */
  function chartWidth(id, widest) {
    return Math.max(300, Math.min(widest || 760, byId(id).clientWidth || 600));
  }

  /** An SVG picture with a title and a description for screen readers (the numbers are in a table too). */
  function picture(id, width, height, title, description, ...children) {
    const titleId = id + '-title';
    const descId = id + '-desc';
    byId(id).replaceChildren(svg('svg', { class: 'chart', role: 'img', viewBox: '0 0 ' + width + ' ' + height,
      width, height, 'aria-labelledby': titleId + ' ' + descId },
    svg('title', { id: titleId }, title), svg('desc', { id: descId }, description), children));
  }

  /**
   * Horizontal bars, one per row, the number at the bar's end; the label beside the bar when the
   * picture is wide enough, above it on a phone.
   */
  function hbars(id, title, rows, empty) {
    const width = chartWidth(id);
    if (rows.length === 0) {
      picture(id, width, 30, title, empty, svg('text', { x: 0, y: 20, class: 'empty' }, empty));
      return;
    }
    const beside = width >= 520;
    const labelWidth = beside ? Math.min(280, Math.floor(width * 0.45)) : 0;
    const rowHeight = beside ? 22 : 34;
    const barTop = beside ? 5 : 16;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const barRoom = width - labelWidth - 50;
    const maxChars = Math.floor((beside ? labelWidth - 8 : width) / 6.2);
    picture(id, width, rows.length * rowHeight + 4, title,
      rows.map((r) => r.label + ': ' + num(r.value)).join('; ') + '.',
      rows.map((r, i) => {
        const y = i * rowHeight;
        const w = Math.max(r.value > 0 ? 2 : 0, (r.value / max) * barRoom);
        const label = r.label.length > maxChars ? r.label.slice(0, maxChars - 1) + '…' : r.label;
        return svg('g', { class: 'bar', 'data-key': r.key, 'data-value': r.value },
          svg('title', {}, r.label + ': ' + num(r.value)),
          svg('text', { x: 0, y: y + (beside ? 15 : 12), class: 'label' }, label),
          svg('rect', { x: labelWidth, y: y + barTop, width: w, height: 12, class: 'fill' }),
          svg('text', { x: labelWidth + w + 6, y: y + barTop + 11, class: 'value' }, num(r.value)));
      }));
  }

  /** Withdrawals finalized in each of the last 24 hours, oldest on the left. */
  function finalizedChart(hours) {
    const id = 'finalized-chart';
    const tbody = byId('finalized-table').tBodies[0];
    if (!hours) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 2 }, 'Not reported by this service.')));
      picture(id, chartWidth(id), 30, 'Withdrawals finalized per hour', 'Not reported by this service.',
        svg('text', { x: 0, y: 20, class: 'empty' }, 'Not reported by this service.'));
      return;
    }
    tbody.replaceChildren(...hours.map((h) => el('tr', { 'data-hour': h.hour },
      el('th', { scope: 'row' }, absolute(h.hour)), el('td', { class: 'num' }, num(h.withdrawals)))));
    const width = chartWidth(id);
    const height = 150;
    const left = 36;
    const bottom = 20;
    const plot = height - bottom - 14;
    const max = Math.max(1, ...hours.map((h) => h.withdrawals));
    const step = (width - left) / Math.max(1, hours.length);
    const total = hours.reduce((s, h) => s + h.withdrawals, 0);
    picture(id, width, height, 'Withdrawals finalized per hour, last ' + hours.length + ' hours',
      num(total) + ' withdrawals finalized in the last ' + hours.length + ' hours; at most ' + num(max) + ' in one hour.',
      axis(left, width, height - bottom, plot, max),
      hours.map((h, i) => {
        const x = left + i * step;
        const barHeight = (h.withdrawals / max) * plot;
        return svg('g', { class: 'hour', 'data-hour': h.hour, 'data-withdrawals': h.withdrawals },
          svg('title', {}, HOUR.format(new Date(h.hour)) + ': ' + num(h.withdrawals) + ' finalized'),
          svg('rect', { x: x + 1, y: height - bottom - barHeight, width: Math.max(1, step - 2), height: barHeight,
            class: 'fill' }),
          i % 6 === 0 ? svg('text', { x, y: height - 5, class: 'tick' }, HOUR.format(new Date(h.hour))) : null);
      }));
  }

  /** A baseline and the top value's grid line with its number. */
  function axis(left, width, baseline, plot, max) {
    return [svg('line', { x1: left, x2: width, y1: baseline, y2: baseline, class: 'axis' }),
      svg('line', { x1: left, x2: width, y1: baseline - plot, y2: baseline - plot, class: 'grid' }),
      svg('text', { x: left - 4, y: baseline - plot + 4, class: 'tick end' }, compact(max)),
      svg('text', { x: left - 4, y: baseline + 4, class: 'tick end' }, '0')];
  }

  const compact = (n) => (n >= 10000 ? Math.round(n / 1000).toLocaleString('en-US') + 'k' : num(n));

  /**
   * Per recent batch (oldest on the left), two bars: gas per withdrawal in the batch, and what one
   * transaction per withdrawal and step would have cost each; the saving is the gap, and is written above.
   */
  function gasChart(recent) {
    const id = 'gas-chart';
    // What one transaction per step would have cost each of its withdrawals (null when not known, or not reported).
    const batches = [...recent].reverse().map((b) => ({ ...b, solo: known(b.oneTransactionPerStepGasPerWithdrawal)
      ? b.oneTransactionPerStepGasPerWithdrawal : null }));
    byId('gas-table').tBodies[0].replaceChildren(...(batches.length === 0
      ? [el('tr', {}, el('td', { colspan: 6 }, 'No batches yet.'))]
      : batches.map((b) => el('tr', { 'data-batch-id': b.id },
        el('th', { scope: 'row' }, '#' + b.id), el('td', {}, b.kind.toLowerCase()), el('td', { class: 'num' }, num(b.itemCount)),
        el('td', { class: 'num' }, num(b.gasPerWithdrawal)), el('td', { class: 'num' }, num(b.solo)),
        el('td', { class: 'num' }, savedText(b))))));
    const width = chartWidth(id, 1100);
    if (batches.length === 0) {
      picture(id, width, 30, 'Gas per withdrawal', 'No batches yet.',
        svg('text', { x: 0, y: 20, class: 'empty' }, 'No batches yet.'));
      return;
    }
    const height = 220;
    const left = 44;
    const bottom = 22;
    const plot = height - bottom - 30;
    const baseline = height - bottom;
    const max = Math.max(1, ...batches.flatMap((b) => [b.gasPerWithdrawal || 0, b.solo || 0]));
    const step = (width - left) / batches.length;
    const bar = Math.max(2, Math.min(24, step / 2 - 2));
    const labelEvery = Math.ceil(batches.length / Math.max(1, Math.floor((width - left) / 40)));
    const saved = batches.filter((b) => known(b.gasPerWithdrawal) && known(b.solo));
    picture(id, width, height, 'Gas per withdrawal in each recent batch against one transaction per step',
      batches.length + ' recent batches. ' + (saved.length === 0 ? 'Savings not known yet.'
        : saved.map((b) => 'Batch ' + b.id + ': ' + num(b.gasPerWithdrawal) + ' against ' + num(b.solo)).join('; ') + '.'),
      axis(left, width, baseline, plot, max),
      batches.map((b, i) => {
        const x = left + i * step + step / 2;
        const h = (v) => (known(v) ? Math.max(1, (v / max) * plot) : 0);
        return svg('g', { class: 'batch', 'data-batch-id': b.id,
          'data-gas-per-withdrawal': known(b.gasPerWithdrawal) ? b.gasPerWithdrawal : '',
          'data-one-transaction-per-step': known(b.solo) ? b.solo : '' },
        svg('title', {}, 'Batch #' + b.id + ' (' + b.kind.toLowerCase() + ', ' + num(b.itemCount) + ' withdrawals): '
          + num(b.gasPerWithdrawal) + ' gas per withdrawal; ' + num(b.solo) + ' one transaction per step; saved '
          + savedText(b)),
        known(b.solo) ? svg('rect', { x: x - bar - 1, y: baseline - h(b.solo), width: bar, height: h(b.solo),
          class: 'solo' }) : null,
        known(b.gasPerWithdrawal) ? svg('rect', { x: x + 1, y: baseline - h(b.gasPerWithdrawal), width: bar,
          height: h(b.gasPerWithdrawal), class: 'batched' }) : svg('text', { x, y: baseline - 4, class: 'tick mid' }, '…'),
        known(b.gasPerWithdrawal) && known(b.solo) && b.solo > 0 && step >= 28
          ? svg('text', { x, y: baseline - Math.max(h(b.solo), h(b.gasPerWithdrawal)) - 4, class: 'tick mid saving' },
            '−' + Math.round(100 * (b.solo - b.gasPerWithdrawal) / b.solo) + '%') : null,
        i % labelEvery === 0 ? svg('text', { x, y: height - 6, class: 'tick mid' }, '#' + b.id) : null);
      }));
  }

  function savedText(b) {
    if (!known(b.gasPerWithdrawal) || !known(b.solo) || b.solo <= 0) {
      return '—';
    }
    return num(b.solo - b.gasPerWithdrawal) + ' per withdrawal ('
      + Math.round(100 * (b.solo - b.gasPerWithdrawal) / b.solo) + ' %)';
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
      el('td', {}, absolute(b.createdAt)))));
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

  /** The chains' explorers (for links); failing that, no links. */
  async function loadChains() {
    const res = await getJson('/api/chains');
    if (res.ok && Array.isArray(res.body)) {
      chainCount = res.body.length;
      for (const c of res.body) {
        if (c.explorers) {
          explorers.set(c.name, c.explorers);
        }
      }
    }
  }

  /** A shared link: ?withdrawal=, ?l2tx=, ?address=, or ?hash= (a withdrawal's, else an L2 transaction's). */
  function openFromUrl() {
    const params = new URLSearchParams(location.search);
    const chain = params.get('chain');
    const [kind, value] = ['withdrawal', 'l2tx', 'address', 'hash'].map((k) => [k, params.get(k)])
      .find(([, v]) => v) || [];
    if (!value) {
      return;
    }
    byId('hash').value = value;
    if (kind === 'withdrawal') {
      lookupHash(value, chain, false);
    } else if (kind === 'l2tx') {
      clearCards();
      message('Looking up L2 transaction ' + value + '…');
      lookupL2Tx(value, ++lookupSeq, null);
    } else if (kind === 'address') {
      lookupAddress(value);
    } else {
      lookup(value);
    }
  }

  async function start() {
    byId('lookup').addEventListener('submit', (e) => {
      e.preventDefault();
      lookup(byId('hash').value);
    });
    byId('more').addEventListener('click', showMore);
    document.addEventListener('click', (e) => {
      const button = e.target.closest('button.copy');
      if (button) {
        copy(button);
      }
    });
    let resizing = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => lastDashboard && renderDashboard(lastDashboard), 200);
    });
    setInterval(tick, TICK_MS);
    const all = new EventSource('/api/events');
    all.onmessage = (e) => {
      const change = JSON.parse(e.data);
      dashboardSoon();
      const card = cards.get(cardKey(change.chainId, change.withdrawalHash));
      if (card && !card.stream) {
        changed(change); // shown without a stream of its own
      }
    };
    refreshDashboard();
    setInterval(refreshDashboard, DASHBOARD_EVERY_MS);
    await loadChains(); // links and explorers need the chains
    openFromUrl();
  }

  start();
}());
