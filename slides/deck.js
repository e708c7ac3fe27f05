// The example deck's glue: starts reveal.js and drives the embedded labs.
// A classic script (not a module), so the deck also works opened from file://.
//
// Each slide with a lab has an <iframe class="lab"> and, in data-dlab, a JSON list of the
// commands to post to it when the slide is shown, e.g.
//   [{"dlab":"preset","name":"sigmoid-deep"},{"dlab":"play"}]
// Commands are sent one at a time, each waiting for the lab's reply ({dlab:"result"}),
// after the lab has answered a first {dlab:"config"} (its core is loaded). Leaving the
// slide posts {dlab:"pause"}. The lab's URL: ../index.html when served (make serve,
// /slides/), ../dist/dlab.html (make dist) when the deck is opened from file://, or
// whatever ?lab=URL says.
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var LAB_SERVED = '../index.html';
  var labUrl = params.get('lab') || (location.protocol === 'file:' ? '../dist/dlab.html' : null);

  // Point the iframes (and the lesson links) at the single-file build when there is no server.
  if (labUrl) {
    document.querySelectorAll('iframe.lab, a[data-lab-link]').forEach(function (el) {
      var attr = el.tagName === 'A' ? 'href' : 'src';
      var v = el.getAttribute(attr) || '';
      if (v.indexOf(LAB_SERVED) === 0) el.setAttribute(attr, labUrl + v.slice(LAB_SERVED.length));
    });
  }

  // ------------------------------------------------------------ talking to a lab

  var nextId = 1;
  var waiting = {}; // id -> {resolve, reject, frame}
  // Over http the labs are same-origin; from file:// every document is its own opaque origin.
  var TARGET = location.origin && location.origin !== 'null' && !labUrl ? location.origin : '*';

  window.addEventListener('message', function (event) {
    var msg = event.data;
    if (!msg || msg.dlab !== 'result' || !(msg.id in waiting)) return;
    var w = waiting[msg.id];
    if (event.source !== w.frame.contentWindow) return;
    delete waiting[msg.id];
    if ('error' in msg) w.reject(new Error(msg.error)); else w.resolve(msg.value);
  });

  /** Posts one command to a lab iframe; resolves with its reply (rejects on error or timeout). */
  function ask(frame, msg, timeoutMs) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      var timer = setTimeout(function () {
        delete waiting[id];
        reject(new Error('dlab: no reply to ' + msg.dlab));
      }, timeoutMs || 5000);
      waiting[id] = {
        frame: frame,
        resolve: function (v) { clearTimeout(timer); resolve(v); },
        reject: function (e) { clearTimeout(timer); reject(e); },
      };
      var out = { id: id };
      for (var k in msg) out[k] = msg[k];
      frame.contentWindow.postMessage(out, TARGET);
    });
  }

  /** Resolves once the lab in `frame` answers (its page is loaded and its core ready). */
  function ready(frame, deadlineMs) {
    var until = Date.now() + (deadlineMs || 30000);
    return new Promise(function (resolve, reject) {
      (function tryOnce() {
        ask(frame, { dlab: 'config' }, 400).then(resolve, function () {
          if (Date.now() > until) reject(new Error('dlab: the lab did not load (' + frame.src + ')'));
          else setTimeout(tryOnce, 100);
        });
      })();
    });
  }

  // Per frame: the chain of commands in flight, so a quick back-and-forth stays in order.
  var chains = new WeakMap();
  function run(frame, commands) {
    var prev = chains.get(frame) || Promise.resolve();
    var next = prev.catch(function () {}).then(function () { return ready(frame); }).then(function () {
      return commands.reduce(function (p, cmd) {
        return p.then(function () { return ask(frame, cmd); });
      }, Promise.resolve());
    });
    chains.set(frame, next);
    next.catch(function (e) { console.warn(e.message); }); // eslint-disable-line no-console
    return next;
  }

  function labOf(slide) { return slide ? slide.querySelector('iframe.lab') : null; }

  function enter(slide) {
    var frame = labOf(slide);
    if (!frame) return;
    var commands = [];
    try { commands = JSON.parse(slide.getAttribute('data-dlab') || '[]'); } catch (e) {
      console.warn('deck: bad data-dlab on a slide: ' + e.message); // eslint-disable-line no-console
    }
    slide.dataset.dlabState = 'sending';
    run(frame, commands).then(function () { slide.dataset.dlabState = 'done'; }, function () { slide.dataset.dlabState = 'failed'; });
  }

  function leave(slide) {
    var frame = labOf(slide);
    if (frame) run(frame, [{ dlab: 'pause' }]);
  }

  // A presenter's clicker sends PageDown/PageUp: keep them working while a lab has the focus
  // (possible only when the lab is same-origin, i.e. served).
  function forwardClickerKeys(frame) {
    frame.addEventListener('load', function () {
      var doc;
      try { doc = frame.contentDocument; } catch (e) { return; }
      if (!doc) return;
      doc.addEventListener('keydown', function (e) {
        if (e.key === 'PageDown') { e.preventDefault(); window.Reveal.next(); window.focus(); }
        if (e.key === 'PageUp') { e.preventDefault(); window.Reveal.prev(); window.focus(); }
      });
    });
  }
  document.querySelectorAll('iframe.lab').forEach(forwardClickerKeys);

  // ------------------------------------------------------------ reveal.js

  var deck = window.Reveal;
  deck.on('ready', function (e) { enter(e.currentSlide); });
  deck.on('slidechanged', function (e) {
    leave(e.previousSlide);
    enter(e.currentSlide);
  });
  deck.initialize({
    hash: true,
    width: 1280,
    height: 720,
    margin: 0.02,
    center: false,
    transition: 'fade',
    transitionSpeed: 'fast',
    // No arrow buttons: they would sit on the lab's charts. → ← (or a clicker's PageDown /
    // PageUp, forwarded even when a lab has the focus) change slides.
    controls: false,
    progress: true,
    slideNumber: 'c/t',
    // The iframes have a plain src (not data-src): they load with the deck and keep their
    // state when the slide is left (the lab is paused, not reloaded).
  });

  // For tests and the curious: the deck's own handle on its labs.
  window.dlabDeck = { ask: ask, ready: ready, run: run, labUrl: labUrl || LAB_SERVED };
})();
