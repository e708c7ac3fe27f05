// Work the core does in slices (the capacity sweep, RBM pre-training of a deep net), so the
// page never blocks for more than a frame: each animation frame runs slices within a time
// budget. The core counts work in units of about one multiply-add (docs/wasm-api.md, "Work
// in slices"); a runner measures milliseconds per unit and asks for as many units as fit,
// as session.js's tick does with optimizer steps. The training worker (worker.js) runs these
// slices now, beside training, so they never take a frame from the page; SliceRunner stays
// for work on the page's own core.
//
// Also the progress bar with a cancel button that a running job shows on its chart card.

import { t } from '../i18n/i18n.js';

/** A slice asks for at most this many times the units the last one did. */
const GROWTH = 4;
/** The first slice of a runner that has measured nothing yet. */
const FIRST_UNITS = 20000;
/** Timings shorter than this are too coarse (timer resolution) to measure a cost by. */
const MEASURABLE_MS = 1;
/** A job's bar appears once it has run this long. */
const SHOW_AFTER_MS = 150;

export class SliceRunner {
  constructor() {
    this.msPerUnit = null; // measured cost, from whole frames' worth of slices
    this.biggest = 0; // the most work one call has done
  }

  /**
   * Calls `advance(units)` (→ {done, work, ...}) until the job is done or about `budgetMs`
   * have passed, sizing each call by the cost measured so far; returns the last result.
   * A call asks for at most GROWTH × the most work a call has done yet, so a first guess
   * that is far off costs one short overrun at most.
   */
  runFor(advance, budgetMs) {
    const t0 = performance.now();
    let work = 0;
    let r;
    for (;;) {
      const elapsed = performance.now() - t0;
      const est = elapsed >= MEASURABLE_MS && work > 0 ? elapsed / work : this.msPerUnit;
      const cap = this.biggest ? this.biggest * GROWTH : FIRST_UNITS;
      const units = Math.max(1, Math.floor(est == null ? cap : Math.min(cap, (budgetMs - elapsed) / est)));
      r = advance(units);
      const w = Math.max(1, Number(r?.work) || 0);
      work += w;
      this.biggest = Math.max(this.biggest, w);
      if (r?.done || performance.now() - t0 >= 0.8 * budgetMs) break;
    }
    const took = performance.now() - t0;
    if (took >= MEASURABLE_MS) {
      const per = took / work;
      // Slower than thought: move most of the way at once. Faster: drift towards it.
      const m = this.msPerUnit;
      this.msPerUnit = m == null ? per : per > m ? 0.5 * (m + per) : 0.8 * m + 0.2 * per;
    }
    return r;
  }
}

const pct = (p) => Math.floor(100 * Math.min(1, Math.max(0, p || 0)));

/** Where a job's bar goes: its chart card, else the first chart card of the lab. */
function host(card) {
  return document.querySelector(`[data-card="${card}"] .card-body`) ?? document.querySelector('.card .card-body');
}

function bar(kind, onCancel) {
  const box = document.createElement('div');
  box.className = 'job';
  box.dataset.job = kind;
  const text = document.createElement('span');
  text.className = 'job-text';
  const progress = document.createElement('progress');
  progress.className = 'job-bar';
  progress.max = 1;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'tool job-cancel';
  cancel.dataset.action = `cancel-${kind}`;
  cancel.addEventListener('click', onCancel);
  box.append(text, progress, cancel);
  return box;
}

const since = new Map(); // kind → when the job was first seen running

/**
 * Shows, updates or removes the bar of each job: `jobs` maps a kind ('sweep', 'pretrain')
 * to null or {card, progress, text, label, onCancel}. Cheap when nothing changed (called
 * every frame): the DOM is touched only where a value differs.
 */
export function renderJobs(jobs) {
  const now = performance.now();
  for (const [kind, job] of Object.entries(jobs)) {
    let box = document.querySelector(`.job[data-job="${kind}"]`);
    if (!job) { box?.remove(); since.delete(kind); continue; }
    // A job done within a few frames (an exact polynomial sweep) shows no bar: it would only flash.
    if (!since.has(kind)) since.set(kind, now);
    if (now - since.get(kind) < SHOW_AFTER_MS) continue;
    const where = host(job.card);
    if (!where) continue;
    if (!box || box.parentElement !== where) {
      box?.remove();
      box = bar(kind, () => job.onCancel());
      where.append(box);
    }
    const p = box.querySelector('progress');
    const name = job.label ?? job.text;
    if (p.getAttribute('aria-label') !== name) p.setAttribute('aria-label', name);
    const value = Math.floor(job.progress * 200) / 200; // half-percent steps: fewer repaints
    if (p.value !== value) p.value = value;
    const label = `${job.text} ${pct(job.progress)}%`;
    const text = box.querySelector('.job-text');
    if (text.textContent !== label) text.textContent = label;
    const cancel = box.querySelector('button');
    const c = t('job.cancel');
    if (cancel.textContent !== c) cancel.textContent = c;
    const percent = String(pct(job.progress));
    if (box.dataset.progress !== percent) box.dataset.progress = percent;
  }
}
