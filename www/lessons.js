// Guided lessons: `#lesson=vanishing&step=3` opens step 3. A step is one of its lab's
// presets plus what to look at (text in strings-*.js under lesson.<id>.<k>.*).
// The URL's config keys are read over the step's config, so a shared link restores exactly.

export const LESSONS = {
  vanishing: {
    lab: 'gradient',
    steps: [
      { preset: 'sigmoid', ui: { edgeView: 'grads' } },
      { preset: 'sigmoid-deep', ui: { edgeView: 'grads' } },
      { preset: 'saturate', ui: { layer: 4 } },
      { preset: 'tanh', ui: { edgeView: 'grads' } },
      { preset: 'relu', ui: { edgeView: 'grads' } },
      { preset: 'leaky', ui: {} },
      { preset: 'batchnorm', ui: {} },
    ],
  },
  init: {
    lab: 'init',
    steps: [
      { preset: 'zero' },
      { preset: 'small' },
      { preset: 'large' },
      { preset: 'xavier-tanh' },
      { preset: 'relu-xavier' },
      { preset: 'rbm' },
    ],
  },
  overfitting: {
    lab: 'overfitting',
    steps: [
      { preset: 'bishop-3' },
      { preset: 'bishop-1' },
      { preset: 'bishop-9' },
      { preset: 'bishop-9', sweep: true },
      { preset: 'bishop-9-n100' },
      { preset: 'bishop-9-ridge' },
      { preset: 'mlp-overfit' },
      { preset: 'dropout' },
    ],
  },
};

export function lessonStep(ui) {
  const lesson = LESSONS[ui.lesson];
  if (!lesson) return null;
  const k = Math.max(1, Math.min(ui.step || 1, lesson.steps.length));
  return { lesson, k, step: lesson.steps[k - 1], count: lesson.steps.length };
}
