// Guided lessons: `#lesson=vanishing&step=3` opens step 3. A step is one of its lab's
// presets plus what to look at (text in strings-*.js under lesson.<id>.<k>.*).
// The URL's config keys are read over the step's config, so a shared link restores exactly.
// The steps themselves are data in presets.js (the native tests read them too).

import DATA from './presets.js';

export const LESSONS = DATA.lessons;

export function lessonStep(ui) {
  const lesson = LESSONS[ui.lesson];
  if (!lesson) return null;
  const k = Math.max(1, Math.min(ui.step || 1, lesson.steps.length));
  return { lesson, k, step: lesson.steps[k - 1], count: lesson.steps.length };
}
