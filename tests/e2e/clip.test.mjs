// Clips (www/ui/clip.js): window.dlab.record(seconds[, chart]) records the lab while it
// trains into a WebM, which is decoded here with Debian's ffprobe/ffmpeg (scripts/setup.sh):
// its duration is the one asked for (in the header fix-webm-duration writes, and in the
// timestamps of the frames themselves), and an early and a late frame differ (the charts
// moved). Also the chart cards' "Clip" picker and presenter mode's, bad input, postMessage,
// and the single offline file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, ROOT, launchBrowser, newPage, screenshot, startServer } from './harness.mjs';
import { PROJECTOR, openLab, waitReady } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

/** What ffprobe reads from a WebM: the header's duration, the last frame's time, codec, size, frame count. */
function probe(file) {
  const j = JSON.parse(execFileSync('ffprobe', ['-v', 'fatal', '-show_entries', 'format=duration:stream=codec_name,width,height',
    '-show_entries', 'packet=pts_time', '-select_streams', 'v:0', '-of', 'json', file], { encoding: 'utf8' }));
  const times = j.packets.map((p) => Number(p.pts_time)).filter(Number.isFinite);
  return { duration: Number(j.format.duration), lastFrame: Math.max(...times), frames: times.length, ...j.streams[0] };
}

/** One decoded frame at `t` seconds as 8-bit grey pixels. */
function frameAt(file, t) {
  return execFileSync('ffmpeg', ['-v', 'fatal', '-ss', String(t), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 64 << 20 });
}

/** Share of pixels whose grey value differs by more than 24 between two frames. */
function changedShare(a, b) {
  assert.equal(a.length, b.length, 'frames of the same size');
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 24) n++;
  return n / a.length;
}

/** Checks a clip of `secs` seconds: decodes, lasts that long, and its first and last frames differ. */
function checkClip(bytes, secs, name) {
  const file = join(ARTIFACTS, `${name}.webm`);
  writeFileSync(file, bytes);
  const p = probe(file);
  const share = changedShare(frameAt(file, 0.1), frameAt(file, Math.max(0.2, p.lastFrame - 0.1)));
  console.log(`# ${name}.webm: ${bytes.length} bytes, ${p.codec_name} ${p.width}×${p.height}, header duration ${p.duration.toFixed(3)} s, last frame at ${p.lastFrame.toFixed(3)} s, ${p.frames} frames, ${(share * 100).toFixed(1)}% of pixels changed first→last`);
  assert.match(p.codec_name, /^vp[89]$/, 'a VP8/VP9 WebM');
  assert.ok(Math.abs(p.duration - secs) < 0.4, `${name}: header duration ${p.duration} s, asked ${secs} s`);
  assert.ok(p.lastFrame > secs - 0.6 && p.lastFrame < secs + 0.4, `${name}: the frames span ${p.lastFrame} s, asked ${secs} s`);
  assert.ok(p.frames >= secs * 5, `${name}: ${p.frames} frames in ${secs} s`);
  assert.ok(share > 0.002, `${name}: the first and last frames differ (${share})`);
  return { ...p, file };
}

test('record(2.5) gives a WebM of the whole lab training, 2.5 s long, whose frames differ; the lab pauses again', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, consoleErrors, pageErrors } = opened;
  const step0 = await page.evaluate(() => window.dlab.metrics().step);
  const bytes = Buffer.from(await page.evaluate(async () => Array.from(await window.dlab.record(2.5))));
  assert.ok(bytes.length > 1000, `${bytes.length} bytes`);
  assert.equal(bytes.subarray(0, 4).toString('hex'), '1a45dfa3', 'starts with the EBML magic');
  const p = checkClip(bytes, 2.5, 'clip-gradient-lab');
  // The whole lab: the plots area's size (× devicePixelRatio 1 here).
  const plots = await page.$eval('.plots', (e) => { const r = e.getBoundingClientRect(); return { w: r.width, h: r.height }; });
  assert.ok(Math.abs(p.width - plots.w) <= 2 && Math.abs(p.height - plots.h) <= 2, `clip ${p.width}×${p.height}, plots ${plots.w}×${plots.h}`);
  assert.ok((await page.evaluate(() => window.dlab.metrics().step)) > step0, 'it trained while recording');
  assert.equal(await page.evaluate(() => window.dlab.ui().playing), false, 'paused again after');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await opened.context.close();
});

test('record(2, chart) records one chart card; bad lengths and unknown charts are refused with a message', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=init&lang=en');
  const { page } = opened;
  const hero = await page.$eval('[data-hero]', (c) => c.dataset.card);
  const bytes = Buffer.from(await page.evaluate(async (c) => Array.from(await window.dlab.record(2, c)), hero));
  const p = checkClip(bytes, 2, `clip-init-${hero}`);
  const card = await page.$eval(`[data-card="${hero}"]`, (e) => { const r = e.getBoundingClientRect(); return { w: r.width, h: r.height }; });
  assert.ok(Math.abs(p.width - card.w) <= 2 && Math.abs(p.height - card.h) <= 2, `clip ${p.width}×${p.height}, card ${card.w}×${card.h}`);
  const errors = await page.evaluate(async () => {
    const out = [];
    for (const args of [[0], [-1], ['x'], [9999], [1, 'nope']]) {
      try { await window.dlab.record(...args); out.push('accepted'); } catch (e) { out.push(String(e.message)); }
    }
    return out;
  });
  for (const e of errors.slice(0, 4)) assert.match(e, /record: .* seconds requested, expected a number in \(0, 120\]/);
  assert.match(errors[4], /no chart "nope" in this lab, expected one of \w+(, \w+)+/);
  // One recording at a time.
  const busy = await page.evaluate(async () => {
    const first = window.dlab.record(1);
    let second;
    try { await window.dlab.record(1); second = 'accepted'; } catch (e) { second = e.message; }
    await first;
    return second;
  });
  assert.match(busy, /already being recorded/);
  await opened.context.close();
});

test('the Clip picker of a chart card downloads a WebM of that length; presenter mode has one for the whole lab', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=ko&present=1');
  const { page, consoleErrors, pageErrors } = opened;
  const hero = await page.$eval('[data-hero]', (c) => c.dataset.card);
  await page.hover(`[data-card="${hero}"]`);
  const picker = `[data-card="${hero}"] select[data-export="clip"]`;
  assert.deepEqual(await page.$$eval(`${picker} option`, (os) => os.map((o) => o.value)), ['', '5', '10', '20', '30']);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.selectOption(picker, '5')]);
  // While it records every picker counts down and is disabled.
  assert.equal(download.suggestedFilename(), `dlab-gradient-${hero}-5s.webm`);
  const file = join(ARTIFACTS, 'clip-button.webm');
  await download.saveAs(file);
  checkClip(readFileSync(file), 5, 'clip-button');
  // Presenter mode's top bar: the lab's clip picker is shown there (and only there).
  const lab = 'header select[data-export="clip"][data-clip-chart=""]';
  assert.ok(await page.isVisible(lab), 'presenter: the lab clip picker is in the top bar');
  await page.evaluate(() => window.dlab.set('present', false));
  assert.equal(await page.isVisible(lab), false, 'not presenting: no lab clip picker in the top bar');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await opened.context.close();
});

test('a recording in progress shows its countdown on the pickers (screenshot)', { timeout: 30000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en&present=1');
  const { page } = opened;
  await page.evaluate(() => { window.__clip = window.dlab.record(2); });
  await page.waitForSelector('header select.clip-pick.recording:disabled');
  assert.match(await page.$eval('header select.clip-pick option', (o) => o.textContent), /● \d s/);
  await screenshot(page, 'clip-recording-presenter-en');
  await page.evaluate(() => window.__clip);
  assert.equal(await page.$eval('header select.clip-pick', (s) => s.disabled), false);
  await opened.context.close();
});

test('postMessage {dlab: "record"} replies with the bytes when the clip is done', { timeout: 30000 }, async () => {
  const opened = await openLab(browser, server, '#lab=overfitting&lang=en');
  const reply = await opened.page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', (e) => { if (e.data?.dlab === 'result' && e.data.id === 'clip') resolve({ ok: e.data.value instanceof Uint8Array, n: e.data.value?.length, error: e.data.error }); });
    window.postMessage({ dlab: 'record', seconds: 1, id: 'clip' }, '*');
  }));
  assert.deepEqual({ ok: reply.ok, error: reply.error }, { ok: true, error: undefined });
  assert.ok(reply.n > 500);
  await opened.context.close();
});

test('dist/dlab.html over file://, offline, records a clip too', { timeout: 60000 }, async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs')], { cwd: ROOT });
  const opened = await newPage(browser, null, { viewport: PROJECTOR });
  const { page, context, consoleErrors, pageErrors } = opened;
  const blocked = [];
  await context.route('**/*', (route) => (/^(file|data|blob):/.test(route.request().url()) ? route.continue() : (blocked.push(route.request().url()), route.abort())));
  await page.goto(`${pathToFileURL(join(ROOT, 'dist', 'dlab.html')).href}#lab=gradient&lang=en`);
  await waitReady(page);
  const bytes = Buffer.from(await page.evaluate(async () => Array.from(await window.dlab.record(2))));
  checkClip(bytes, 2, 'clip-dist-gradient');
  assert.deepEqual(blocked, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
