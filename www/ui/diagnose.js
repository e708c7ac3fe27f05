// What the last metrics say is wrong with the run, in words, with one fix: the banner above
// the plots (page.js). Computed from the last metrics object and the config only; the first
// state that holds is shown:
//   diverged      metrics.diverged (the loss is not finite, or 1e6 × its initial value)
//   no-gradient   zero init; or a hidden layer whose every unit is dead (ReLU outputs 0 for
//                 every probe point); or delta_rms of the first layer below 1e-8 × that of
//                 the output layer (the back-propagated gradient has vanished)
//   saturated     ≥ 90 % of some hidden layer's (unit, point) pairs saturated (f′ < 0.1 · max f′);
//                 fixed by scaling when the inputs come in raw units, else by init or batch norm
// Each state has one fix, a config patch the page applies in one rebuild (main.js bannerFix),
// and words for what that fix will do.

import { optionLabel, t } from '../i18n/i18n.js';
import { fmt } from '../util.js';
import { canDie, saturates, suitedInit } from '../state/facts.js';

export const VANISH_RATIO = 1e-8;
export const SATURATED_SHARE = 0.9;

const XAVIER_LIKE = new Set(['xavier', 'xavier_uniform']);
const matches = (init, act) => (suitedInit(act) === 'he' ? init === 'he' : XAVIER_LIKE.has(init));
const lrDown = (lr) => Number((lr / 10).toPrecision(2));
const hiddenName = (i) => `h${i + 1}`;

/** Batch norm on (it refuses batches of one point: those become 10). */
function batchNormPatch(config) {
  const patch = { model: { batch_norm: true } };
  if (config.optim.batch_size === 1) patch.optim = { batch_size: 10 };
  return patch;
}

function fixFor(what, config) {
  const act = config.model.activation;
  switch (what) {
    case 'init': {
      const init = suitedInit(act);
      return { fix: { model: { init } }, label: t('banner.fix.init', { init: optionLabel('model.init', init) }), does: t(`banner.does.${init}`) };
    }
    case 'leaky': return { fix: { model: { activation: 'leaky_relu' } }, label: t('banner.fix.leaky'), does: t('banner.does.leaky') };
    case 'batchnorm': return { fix: batchNormPatch(config), label: t('banner.fix.batchnorm'), does: t('banner.does.batchnorm') };
    case 'relu': return { fix: { model: { activation: 'relu', init: 'he' } }, label: t('banner.fix.relu'), does: t('banner.does.relu') };
    case 'scale': return { fix: { scale: 'zscore' }, label: t('banner.fix.scale'), does: t('banner.does.scale') };
    case 'lr': {
      const lr = lrDown(config.optim.lr);
      return { fix: { optim: { lr } }, label: t('banner.fix.lr', { lr }), does: t('banner.does.lr') };
    }
    default: return null;
  }
}

/** The divergence banner's words and fix: the learning rate × 0.1, and a too-large init replaced. */
export function divergeInfo(config, baseLr = config.optim.lr) {
  const causes = [];
  const fix = { optim: { lr: lrDown(config.optim.lr) } };
  const depth = config.model.hidden?.length ?? 0;
  if (config.model.init === 'large' && depth >= 1) {
    causes.push(t('banner.cause.init', { depth }));
    fix.model = { init: suitedInit(config.model.activation) };
  }
  if (config.optim.lr >= 0.5 || config.optim.lr > 3 * baseLr || !causes.length) causes.unshift(t('banner.cause.lr', { lr: config.optim.lr }));
  const parts = [`lr = ${fix.optim.lr}`];
  if (fix.model) parts.push(`init = ${fix.model.init}`);
  return { text: causes.join(' '), fix, fixLabel: t('banner.fix', { what: parts.join(', ') }) };
}

/**
 * The banner for the last metrics, or null when all is well:
 * {kind: 'diverged'|'no-gradient'|'saturated', cause, title, text, fix (config patch), fixLabel}.
 */
export function diagnose(metrics, config, { baseLr } = {}) {
  if (!metrics || !config) return null;
  if (metrics.diverged) {
    const d = divergeInfo(config, baseLr);
    return { kind: 'diverged', cause: 'diverged', title: t('banner.title'), text: d.text, fix: d.fix, fixLabel: d.fixLabel };
  }
  const layers = metrics.layers ?? [];
  if (config.model.kind !== 'mlp' || layers.length < 2) return null;
  const hidden = layers.slice(0, -1);
  const { activation: act, init, batch_norm: bn } = config.model;
  const first = layers[0].delta_rms, last = layers[layers.length - 1].delta_rms;
  const vanishing = Number.isFinite(first) && Number.isFinite(last) && last > 0 && first < VANISH_RATIO * last;
  const deadAt = hidden.findIndex((l) => l.dead === 1);
  let satAt = -1;
  hidden.forEach((l, i) => { if (l.saturated >= SATURATED_SHARE && (satAt < 0 || l.saturated > hidden[satAt].saturated)) satAt = i; });

  const banner = (kind, cause, text, what) => {
    const f = fixFor(what, config);
    return { kind, cause, title: t(kind === 'saturated' ? 'banner.saturated.title' : 'banner.noGradient.title'), text: f ? `${text} ${f.does}` : text, fix: f?.fix ?? null, fixLabel: f?.label ?? '' };
  };
  if (init === 'zero' && (vanishing || deadAt >= 0)) return banner('no-gradient', 'zero', t('banner.noGradient.zero'), 'init');
  if (deadAt >= 0) {
    return banner('no-gradient', 'dead', t('banner.noGradient.dead', { layer: hiddenName(deadAt) }), canDie(act) ? 'leaky' : matches(init, act) ? 'batchnorm' : 'init');
  }
  if (satAt >= 0) {
    const text = t('banner.saturated.text', { pct: Math.round(hidden[satAt].saturated * 100), layer: hiddenName(satAt), act: optionLabel('model.activation', act) });
    // Inputs in raw units (hundreds) saturate the first layer whatever the init: scale them.
    const unscaled = satAt === 0 && config.data.raw_units && config.scale === 'none';
    return banner('saturated', 'saturated', text, unscaled ? 'scale' : !XAVIER_LIKE.has(init) ? 'init' : !bn ? 'batchnorm' : 'lr');
  }
  if (vanishing) {
    const text = t('banner.noGradient.vanishing', { ratio: fmt(first / last, 2) });
    const what = !matches(init, act) ? 'init' : !bn ? 'batchnorm' : saturates(act) ? 'relu' : canDie(act) ? 'leaky' : null;
    return banner('no-gradient', 'vanishing', text, what);
  }
  return null;
}
