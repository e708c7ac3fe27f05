// Timing shared by the peer modules.
//
// A "trainer" is { reset(), work(units), loss() } (methods may be async):
//   reset()      puts the model back to the shared initial weights (not timed);
//   work(units)  does `units` units of the workload (epochs, steps or grids) and must not
//                return before the numbers exist (read back whatever the work produces);
//   loss()       ½-MSE on the training set (W1-grid: mean of the grid outputs).
// One repetition = m × (reset; work(WORK.units)), with m chosen so that a repetition takes
// about `repSeconds`. Only work() is timed. Throughput = median over the repetitions.

export const now = () => performance.now();

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
}

export const defaults = { reps: 5, repSeconds: 0.25, warmupSeconds: 0.3 };

export async function measure(trainer, units, opts = {}) {
  const { reps, repSeconds, warmupSeconds } = { ...defaults, ...opts };
  // First repetition from the initial weights: its loss is the "same work" check.
  await trainer.reset();
  let t0 = now();
  await trainer.work(units);
  let dt = now() - t0;
  const loss = await trainer.loss();
  // Warm-up (JIT, caches), which also calibrates the repetition length.
  let warm = 0, warmTime = 0;
  const warmStart = now();
  while (now() - warmStart < warmupSeconds * 1000 || warm < 2) {
    await trainer.reset();
    t0 = now();
    await trainer.work(units);
    warmTime += now() - t0;
    warm++;
  }
  dt = warmTime / warm;
  const m = Math.max(1, Math.round((repSeconds * 1000) / Math.max(dt, 1e-6)));
  const rates = [];
  for (let r = 0; r < reps; r++) {
    let t = 0;
    for (let j = 0; j < m; j++) {
      await trainer.reset();
      t0 = now();
      await trainer.work(units);
      t += now() - t0;
    }
    rates.push((m * units) / (t / 1000));
  }
  return { throughput: median(rates), loss, rates, inner: m };
}
