/* The display board: follows the site's event stream, chimes and speaks each call in
   Indonesian (the sentence comes from the server), and reloads its calls and counts from the
   server after every change and after every reconnect. No framework, no network besides the
   MPP server. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var live = document.getElementById("board-live");
  var offline = document.getElementById("board-offline");
  var soundButton = document.getElementById("board-sound");
  var floor = board.dataset.floor || "";
  var agency = board.dataset.agency || "";
  var audio = null;
  var speechQueue = [];
  var speaking = false;
  var quietUntil = 0;

  // --- the board's content, from the server --------------------------------------------
  var refreshTimer = null;
  function refresh(flash) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      fetch(board.dataset.boardUrl, { headers: { "HX-Request": "true" }, cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          live.innerHTML = html;
          if (flash) {
            var latest = live.querySelector(".call--latest");
            if (latest) latest.classList.add("call--flash");
          }
        })
        .catch(function () { setTimeout(function () { refresh(false); }, 3000); });
    }, flash ? 0 : 400);
  }

  function matches(data) {
    if (agency && data.agency && data.agency !== agency) return false;
    if (floor && data.floor && String(data.floor) !== floor) return false;
    return true;
  }

  // --- the chime (Web Audio, no file) and the voice (speechSynthesis id-ID) -------------
  function audioContext() {
    if (!audio) {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return null;
      audio = new Ctx();
    }
    if (audio.state === "suspended") audio.resume();
    return audio;
  }

  function chime() {
    var ctx = audioContext();
    if (!ctx) return 0;
    var start = ctx.currentTime + 0.05;
    [659.25, 523.25, 392.0].forEach(function (freq, i) {  // E5, C5, G4: "ding-dong"
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      var t = start + i * 0.45;
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.5, t + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 1.1);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 1.2);
    });
    return 1500;
  }

  function indonesianVoice() {
    if (!("speechSynthesis" in window)) return null;
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^id([-_]|$)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  function nextSpeech() {
    if (speaking || !speechQueue.length) return;
    speaking = true;
    var sentence = speechQueue.shift();
    var wait = chime();
    setTimeout(function () {
      if (!("speechSynthesis" in window) || !sentence) { speaking = false; nextSpeech(); return; }
      var say = function (times) {
        var u = new SpeechSynthesisUtterance(sentence);
        u.lang = "id-ID";
        u.rate = 0.9;
        var voice = indonesianVoice();
        if (voice) u.voice = voice;
        u.onend = u.onerror = function () {
          if (times > 1) { setTimeout(function () { say(times - 1); }, 600); }
          else { speaking = false; setTimeout(nextSpeech, 800); }
        };
        window.speechSynthesis.speak(u);
      };
      say(2);  // said twice, as callers do
    }, wait);
  }

  function announce(data) {
    board.dataset.lastCall = data.number || "";
    if (Date.now() < quietUntil) return;  // replayed after a reconnect: shown, not spoken
    speechQueue.push(data.speech || "");
    nextSpeech();
  }

  // --- the event stream ------------------------------------------------------------------
  var source = null;
  var hadError = false;
  function connect() {
    source = new EventSource(board.dataset.eventsUrl);
    source.onopen = function () {
      offline.hidden = true;
      board.dataset.stream = "open";
      if (hadError) {
        // Back after a server restart: the browser sent Last-Event-ID and missed events
        // replay now; the board reloads its state too, in case the server forgot them.
        quietUntil = Date.now() + 2000;
        refresh(false);
        hadError = false;
      }
    };
    source.onerror = function () {
      hadError = true;
      board.dataset.stream = "reconnecting";
      offline.hidden = false;
      if (source.readyState === EventSource.CLOSED) {
        // The server answered with an error (e.g. a 502 during a deploy): the browser gives
        // up, so start again ourselves.
        setTimeout(connect, 5000);
      }
    };
    ["ticket.called", "ticket.recalled"].forEach(function (name) {
      source.addEventListener(name, function (event) {
        var data = JSON.parse(event.data);
        if (!matches(data)) return;
        refresh(true);
        announce(data);
      });
    });
    ["ticket.issued", "ticket.started", "ticket.finished", "ticket.no_show",
     "ticket.cancelled", "ticket.transferred"].forEach(function (name) {
      source.addEventListener(name, function (event) {
        var data = JSON.parse(event.data);
        if (matches(data)) refresh(false);
      });
    });
  }
  connect();

  // --- the clock ---------------------------------------------------------------------------
  var clock = document.getElementById("board-clock");
  var dateLine = document.getElementById("board-date");
  var lang = document.documentElement.lang || "id";
  var zone = clock.dataset.timezone || undefined;
  function tick() {
    var now = new Date();
    try {
      clock.textContent = now.toLocaleTimeString(lang, { timeZone: zone, hour: "2-digit", minute: "2-digit" });
      dateLine.textContent = now.toLocaleDateString(lang, { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" });
    } catch (e) {
      clock.textContent = now.toTimeString().slice(0, 5);
    }
  }
  tick();
  setInterval(tick, 1000);

  // --- sound needs one touch unless the browser allows autoplay ---------------------------
  // (kiosk browsers: chromium --autoplay-policy=no-user-gesture-required)
  var ctx = audioContext();
  if (ctx && ctx.state === "running") soundButton.hidden = true;
  soundButton.addEventListener("click", function () {
    audioContext();
    if ("speechSynthesis" in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(""));
    soundButton.hidden = true;
    if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  });
  if ("speechSynthesis" in window) window.speechSynthesis.getVoices();  // load the list early
})();
