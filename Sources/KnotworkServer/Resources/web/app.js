// Knotwork web app: plain JavaScript, no framework, nothing from other origins.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { catalog: null, answers: {}, regions: new Set(), plan: null, painBefore: null, painAfter: null, live: null, source: null, wakeLock: null };

const UNREACHABLE = "Knotwork cannot reach its server just now. Check that knotwork serve is still running and that this device is on its network, then try again: nothing you entered is lost.";
async function api(path, options = {}) {
  let response;
  try { response = await fetch(path, { headers: { "Content-Type": "application/json" }, ...options }); } catch { throw new Error(UNREACHABLE); }
  const body = response.headers.get("Content-Type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw Object.assign(new Error(body?.detail || response.statusText), { problem: body, status: response.status });
  return body;
}
const post = (path, body) => api(path, { method: "POST", body: JSON.stringify(body) });

function show(name) {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== "screen-" + name;
  if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
  $("main").focus({ preventScroll: true });
  window.scrollTo(0, 0);
  if (name === "history") loadHistory();
}

const clock = (seconds) => {
  const s = Math.max(0, Math.ceil(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
};
const words = (id) => (id || "").replaceAll("-", " ");

// --- Screening --------------------------------------------------------------------------

function renderQuestions() {
  const list = $("questions");
  list.replaceChildren();
  const { redFlags, precautions } = state.catalog.screening;
  for (const q of [...redFlags, ...precautions]) {
    const item = document.createElement("li");
    const text = document.createElement("p");
    text.id = "q-" + q.id;
    text.textContent = q.question;
    const choices = document.createElement("div");
    choices.className = "yesno";
    choices.setAttribute("role", "radiogroup");
    choices.setAttribute("aria-labelledby", text.id);
    for (const [value, label] of [["yes", "Yes"], ["no", "No"]]) {
      const wrap = document.createElement("label");
      const input = Object.assign(document.createElement("input"), { type: "radio", name: q.id, value, required: true });
      const span = document.createElement("span");
      span.textContent = label;
      wrap.append(input, span);
      choices.append(wrap);
    }
    item.append(text, choices);
    list.append(item);
  }
}

async function submitScreening(event) {
  event.preventDefault();
  const form = new FormData($("screening-form"));
  const answers = {};
  for (const [id, value] of form.entries()) answers[id] = value === "yes";
  const result = await post("/api/v1/screening", { answers });
  state.answers = answers;
  localStorage.setItem("knotwork.screening", JSON.stringify({ at: Date.now(), answers, verdict: result.verdict }));
  if (result.verdict === "stop") return showCare(result);
  show("where");
}

function showCare(result) {
  $("t-care").textContent = result.care.title;
  $("care-advice").textContent = result.care.advice;
  $("care-flags").replaceChildren(...result.redFlags.map((flag) => Object.assign(document.createElement("li"), { textContent: flag.question })));
  show("care");
}

// --- Body map ---------------------------------------------------------------------------

// Each region is drawn once per side; both halves toggle together.
const SHAPES = {
  back: [
    ["low-back", "M70 150 h60 v26 h-60 z"], ["sacrum", "M88 178 h24 l-4 22 h-16 z"], ["tailbone", "M94 202 h12 l-6 12 z"],
    ["buttock", "M58 182 q0 -6 6 -6 h20 v44 h-26 z"], ["buttock", "M116 176 h20 q6 0 6 6 v38 h-26 z"],
    ["back-of-thigh", "M62 226 h30 v70 h-26 z"], ["back-of-thigh", "M108 226 h30 l-4 70 h-26 z"],
  ],
  front: [
    ["outer-hip", "M50 176 h16 v34 h-18 z"], ["outer-hip", "M134 176 h16 l2 34 h-18 z"],
    ["side-of-thigh", "M48 214 h16 v74 h-12 z"], ["side-of-thigh", "M136 214 h16 l-4 74 h-12 z"],
    ["lower-leg", "M62 306 h22 v78 h-18 z"], ["lower-leg", "M116 306 h22 l-4 78 h-18 z"],
  ],
};
const OUTLINE = "M100 20 a22 22 0 1 1 0.1 0 M78 66 h44 l22 20 -6 60 -10 2 4 34 -6 4 -8 86 -4 96 h-22 l-2 -92 h-4 l-2 92 h-22 l-4 -96 -8 -86 -6 -4 4 -34 -10 -2 -6 -60 z";

function renderMaps() {
  for (const [view, shapes] of Object.entries(SHAPES)) {
    const svg = $("map-" + view);
    const ns = "http://www.w3.org/2000/svg";
    const outline = document.createElementNS(ns, "path");
    outline.setAttribute("d", OUTLINE);
    outline.setAttribute("class", "body-outline");
    svg.append(outline);
    for (const [id, d] of shapes) {
      const region = state.catalog.regions.find((r) => r.id === id);
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      path.setAttribute("class", "region");
      path.setAttribute("role", "button");
      path.setAttribute("tabindex", "0");
      path.setAttribute("aria-pressed", "false");
      path.setAttribute("aria-label", region ? region.name : words(id));
      path.dataset.region = id;
      const title = document.createElementNS(ns, "title");
      title.textContent = region ? region.name : words(id);
      path.append(title);
      path.addEventListener("click", () => toggleRegion(id));
      path.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggleRegion(id); } });
      svg.append(path);
    }
  }
}

function toggleRegion(id) {
  state.regions.has(id) ? state.regions.delete(id) : state.regions.add(id);
  for (const el of document.querySelectorAll(`[data-region="${id}"]`)) el.setAttribute("aria-pressed", String(state.regions.has(id)));
  $("chosen").textContent = state.regions.size ? "Chosen: " + [...state.regions].map(words).join(", ") : "Nothing chosen yet.";
}

async function makePlan() {
  $("where-error").textContent = "";
  if (!state.regions.size) {
    $("where-error").textContent = "Tap at least one area that hurts.";
    return;
  }
  const tools = [...document.querySelectorAll("input[name=tool]:checked")].map((i) => i.value);
  const side = document.querySelector("input[name=side]:checked").value;
  try {
    const answer = await post("/api/v1/plans", { regions: [...state.regions], side, tools, minutes: Number($("minutes").value), answers: state.answers });
    if (answer.stop) return showCare(answer.stop);
    state.plan = answer.plan;
    renderPlan();
    show("plan");
  } catch (error) {
    $("where-error").textContent = error.message;
  }
}

// --- Plan -------------------------------------------------------------------------------

function renderScale(container, onPick) {
  container.replaceChildren();
  for (let n = 0; n <= 10; n++) {
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: String(n) });
    button.setAttribute("role", "radio");
    button.setAttribute("aria-checked", "false");
    button.setAttribute("aria-label", `${n} of 10${n === 0 ? ", no pain" : n === 10 ? ", worst imaginable" : ""}`);
    button.addEventListener("click", () => {
      for (const b of container.children) b.setAttribute("aria-checked", String(b === button));
      onPick(n);
    });
    container.append(button);
  }
}

function renderPlan() {
  const plan = state.plan;
  $("plan-summary").textContent = `${clock(plan.totalSeconds)} in all, ${clock(plan.pressureSeconds)} of pressure work.`;
  $("plan-steps").replaceChildren(...plan.steps.map((step) => {
    const li = document.createElement("li");
    li.textContent = `${words(step.technique)}${step.muscle ? " · " + words(step.muscle) : ""}${step.side ? " · " + step.side : ""} — ${clock(step.seconds)}`;
    return li;
  }));
  $("plan-why").replaceChildren(...plan.muscles.map((m) => Object.assign(document.createElement("li"), { textContent: `${m.name}: ${m.reason}` })));
  renderScale($("pain-before"), (n) => { state.painBefore = n; });
}

// --- Live session -----------------------------------------------------------------------

async function startSession() {
  const live = await post("/api/v1/live", { plan: state.plan, painBefore: state.painBefore ?? undefined });
  follow(live, true);
}

// A new session replays its stream from the start, so the first instruction is spoken too;
// after a reload only what comes next is.
function follow(live, fromStart = false) {
  state.live = live;
  localStorage.setItem("knotwork.live", live.id);
  show("live");
  renderLive(live);
  keepAwake();
  state.source?.close();
  const source = new EventSource(`/api/v1/live/${live.id}/stream${fromStart ? "?lastEventId=0" : ""}`);
  source.addEventListener("state", (e) => renderLive(JSON.parse(e.data)));
  source.addEventListener("cue", (e) => speak(JSON.parse(e.data)));
  source.onerror = () => { if (state.live?.phase === "finished") source.close(); };
  state.source = source;
}

function renderLive(live) {
  state.live = live;
  state.liveAt = performance.now();
  const step = live.step;
  $("live-position").textContent = live.position ? `Step ${live.position} of ${live.stepCount}${step?.side ? " · " + step.side + " side" : ""}` : "";
  $("t-step").textContent = live.phase === "safety-stop" ? "Stopped for safety" : step ? words(step.technique) + (step.muscle ? " — " + words(step.muscle) : "") : "Done";
  tick();
  $("live-next").textContent = live.next ? `Next: ${words(live.next.technique)}${live.next.muscle ? " · " + words(live.next.muscle) : ""} · ${clock(live.next.seconds)}` : "";
  if (live.lastCue) showCue(live.lastCue);
  drawFigure(step);
  const paused = live.phase === "paused" || live.phase === "safety-stop" || live.phase === "quit";
  $("pause").textContent = live.phase === "safety-stop" ? "Go on" : paused ? "Resume" : "Pause";
  $("eased").disabled = $("sharp").disabled = live.phase !== "running";
  if (live.phase === "finished") {
    state.source?.close();
    releaseWake();
    renderScale($("pain-after"), (n) => { state.painAfter = n; });
    show("after");
  }
}

// Counts down between events: the server sends the state when something happens, not every second.
function tick() {
  const live = state.live;
  if (!live || $("screen-live").hidden) return;
  const passed = live.phase === "running" ? ((performance.now() - state.liveAt) / 1000) * (live.speed || 1) : 0;
  const elapsed = Math.min(live.stepSeconds, live.stepElapsed + passed);
  $("countdown").textContent = clock(live.stepSeconds - elapsed);
  const fraction = live.stepSeconds ? elapsed / live.stepSeconds : 1;
  $("ring").style.strokeDashoffset = String(326.7 * (1 - Math.min(1, fraction)));
}
setInterval(tick, 250);

function showCue(cue) {
  $("cue").textContent = cue.text;
  $("cue").classList.toggle("safety", cue.safety);
}

function speak(cue) {
  showCue(cue);
  (cue.safety ? $("alarm") : $("announce")).textContent = cue.text;
  if (!("speechSynthesis" in window)) return;
  if (cue.safety) speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(cue.text));
}

function drawFigure(step) {
  const svg = $("figure");
  const kind = step?.technique || "";
  const shapes = {
    "foam-roll": '<circle cx="60" cy="48" r="8"/><path d="M20 40 L60 30 L100 40 M60 30 L75 12"/><circle cx="80" cy="10" r="5"/>',
    "sustained-pressure": '<circle cx="55" cy="50" r="5"/><path d="M20 44 L60 36 L98 44 M60 36 L70 16"/><circle cx="74" cy="12" r="5"/>',
    "pin-and-stretch": '<circle cx="55" cy="50" r="5"/><path d="M20 44 L60 36 L98 44 M98 44 L104 26 M60 36 L70 16"/><circle cx="74" cy="12" r="5"/>',
    "warm-up": '<circle cx="60" cy="10" r="6"/><path d="M60 16 V38 M60 22 L44 30 M60 22 L76 14 M60 38 L48 56 M60 38 L74 54"/>',
  };
  svg.innerHTML = shapes[kind] || '<circle cx="60" cy="12" r="6"/><path d="M60 18 V40 M60 24 L46 34 M60 24 L74 34 M60 40 L50 58 M60 40 L70 58"/>';
}

async function sendEvent(event) {
  if (!state.live) return;
  try {
    renderLive(await post(`/api/v1/live/${state.live.id}/events`, { event }));
  } catch (error) {
    $("cue").textContent = error.message;
  }
}

async function keepAwake() {
  try { state.wakeLock = await navigator.wakeLock?.request("screen"); } catch { state.wakeLock = null; }
}
function releaseWake() { state.wakeLock?.release?.(); state.wakeLock = null; }

async function saveSession() {
  const session = await post(`/api/v1/live/${state.live.id}/finish`, { painAfter: state.painAfter ?? undefined });
  localStorage.removeItem("knotwork.live");
  state.live = null;
  show("history");
  return session;
}

// --- History ----------------------------------------------------------------------------

async function loadHistory() {
  const history = await api("/api/v1/history?since=all");
  $("verdict").textContent = history.summary.explanation;
  $("chart").src = "/api/v1/history/chart.svg?since=all&t=" + Date.now();
  $("history-list").replaceChildren(...history.sessions.slice(-20).reverse().map((s) => {
    const li = document.createElement("li");
    const when = new Date(s.startedAt).toLocaleString();
    li.textContent = `${when}: pain ${s.painBefore ?? "?"} → ${s.painAfter ?? "?"}${s.regions.length ? " · " + s.regions.map(words).join(", ") : ""}`;
    return li;
  }));
}

// --- Start ------------------------------------------------------------------------------

async function boot() {
  state.catalog = await api("/api/v1/catalog");
  renderQuestions();
  renderMaps();
  $("screening-form").addEventListener("submit", (e) => submitScreening(e).catch((err) => alert(err.message)));
  $("make-plan").addEventListener("click", makePlan);
  $("minutes").addEventListener("input", () => { $("minutes-out").textContent = $("minutes").value; });
  $("start").addEventListener("click", () => startSession().catch((err) => alert(err.message)));
  $("pause").addEventListener("click", () => sendEvent(state.live?.phase === "running" ? "pause" : "resume"));
  $("eased").addEventListener("click", () => sendEvent("eased"));
  $("sharp").addEventListener("click", () => sendEvent("sharp-pain"));
  $("skip").addEventListener("click", () => sendEvent("skip"));
  $("quit").addEventListener("click", () => sendEvent("quit"));
  $("save").addEventListener("click", () => saveSession().catch((err) => alert(err.message)));
  for (const button of document.querySelectorAll("[data-go]")) button.addEventListener("click", () => show(button.dataset.go));
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});

  const liveID = localStorage.getItem("knotwork.live");
  if (liveID) {
    // Forget the session only when the server says it is gone, not when it cannot be reached.
    try { return follow(await api(`/api/v1/live/${liveID}`)); } catch (error) { if (error.status === 404) localStorage.removeItem("knotwork.live"); else throw error; }
  }
  const saved = JSON.parse(localStorage.getItem("knotwork.screening") || "null");
  const fresh = saved && saved.verdict !== "stop" && Date.now() - saved.at < 30 * 86400 * 1000;
  if (fresh) state.answers = saved.answers;
  const wanted = location.hash.slice(1);
  show(["history"].includes(wanted) ? wanted : fresh ? "where" : "screening");
}

boot().catch((error) => { document.body.prepend(Object.assign(document.createElement("p"), { className: "error", textContent: "Knotwork could not start: " + error.message })); });
