// Knotwork web app: plain JavaScript, no framework, nothing from other origins.
//
// Whether a session may start is decided by the server alone (GET /api/v1/screening, "the
// clearance"): this app keeps no copy of that rule. Every way to the body map or a plan (the
// header, the address bar, back and forward, a reload, a tab left open) asks the server first.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  catalog: null, clearance: null, regions: new Set(), plan: null, planKey: null, painBefore: null, painAfter: null,
  live: null, source: null, wakeLock: null, screen: null, hash: null, nav: 0,
  // Accounts (`serve --accounts`): off on one person's server, which has no sign-in at all.
  accounts: false, signUp: null, account: null, afterSignIn: null, today: null, usePrescription: false, patientId: null,
};
// Written after every screening and check-in, so other open tabs of the app check again.
const SCREENED_KEY = "knotwork.screened";
const LIVE_KEY = "knotwork.live";
const PLAN_KEY = "knotwork.plan";
// The screens a person who has not signed in may see, on a server with accounts.
const SIGN_IN_SCREENS = ["sign-in", "sign-up"];
// The pages only a signed-in account has, by the address they are at: accounts.js adds them.
const PAGES = {};

// The words of every screen, from the catalog's phrase file (put in the page by the server).
const PHRASES = JSON.parse(document.getElementById("ui-phrases").textContent);
// A phrase with its {placeholders} filled; {Name} capitalises the value's first letter.
function t(key, values = {}) {
  const template = PHRASES[key] ?? key;
  return template.replace(/\{([A-Za-z-]+)\}/g, (_, name) => {
    const value = String(values[name.toLowerCase()] ?? "");
    return name[0] === name[0].toUpperCase() ? sentence(value) : value;
  });
}
async function api(path, options = {}) {
  let response;
  try { response = await fetch(path, { headers: { "Content-Type": "application/json" }, ...options }); } catch { throw new Error(t("ui.unreachable")); }
  const body = response.headers.get("Content-Type")?.includes("json") ? await response.json() : null;
  // Not signed in (any more): to the sign-in screen, whatever asked. A wrong password is a 401 too.
  if (response.status === 401 && state.accounts && !path.startsWith("/api/v1/account/sign-")) needSignIn();
  if (!response.ok) throw Object.assign(new Error(body?.detail || response.statusText), { problem: body, status: response.status });
  return body;
}
const post = (path, body) => api(path, { method: "POST", body: JSON.stringify(body) });

// The clearance, always fresh from the server; null when the server cannot be reached.
async function fetchClearance() {
  try {
    return await api("/api/v1/screening", { cache: "no-store" });
  } catch (error) {
    if (error.status) throw error;
    return null;
  }
}

// Shows one screen. A screen the person asked for adds a history entry; a redirect (the server
// said no to where the address pointed) replaces it, so Back never leads to a refused screen.
function show(name, { replace = false } = {}) {
  // With accounts, nothing but signing in until someone has.
  if (state.accounts && !state.account && !SIGN_IN_SCREENS.includes(name)) {
    state.afterSignIn = name; // where to go once signed in
    name = "sign-in";
    replace = true;
  }
  // A finished session left without "Save" is saved all the same, without pain after.
  if (state.screen === "after" && name !== "after" && state.live?.phase === "finished") saveSession({ quiet: true }).catch(() => {});
  state.screen = name;
  const away = state.live && state.live.phase !== "finished" && name !== "live";
  $("live-banner").hidden = !away;
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== "screen-" + name;
  if (location.hash !== "#" + name) history[replace ? "replaceState" : "pushState"](null, "", "#" + name);
  state.hash = location.hash;
  if (state.accounts) placeToday();
  // Focus goes to the new screen's heading when it can take it, else to the page.
  const heading = $("screen-" + name).querySelector("h2[tabindex]");
  (heading || $("main")).focus({ preventScroll: true });
  window.scrollTo(0, 0);
  if (name === "history") loadHistory().catch((error) => { $("verdict").textContent = error.message; });
}

const clock = (seconds) => {
  const s = Math.max(0, Math.ceil(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
};
const regionName = (id) => state.catalog?.regions.find((r) => r.id === id)?.name ?? id;
const SIDES = { left: "ui.side.left", right: "ui.side.right" };
const sideWords = (side) => (SIDES[side] ? t(SIDES[side]) : "");
const sentence = (text) => (text ? text[0].toUpperCase() + text.slice(1) : "");
const element = (tag, text, className) => Object.assign(document.createElement(tag), { textContent: text ?? "", ...(className ? { className } : {}) });
const answersKey = (answers) => JSON.stringify(Object.entries(answers || {}).sort(([a], [b]) => a.localeCompare(b)));

// --- Where to go: the one guard -----------------------------------------------------------

// Goes to `name` if the server allows it, else to what the server asks for.
async function navigate(name, { replace = false } = {}) {
  const seq = ++state.nav;
  if (name === "history") return show("history", { replace });
  if (state.accounts && SIGN_IN_SCREENS.includes(name)) return showSignIn(name, { replace });
  if (PAGES[name]) return state.account ? PAGES[name]({ replace }) : show("where", { replace });
  if (name === "screening") return showScreening(null, { replace });
  if ((name === "live" || name === "after") && state.live) return show(state.live.phase === "finished" ? "after" : "live", { replace });
  let clearance;
  try {
    clearance = await fetchClearance();
  } catch (error) {
    clearance = null;
  }
  if (seq !== state.nav) return; // the person went somewhere else meanwhile
  route(clearance, name, { replace });
}

// The screen for a clearance: care for a stop, the questions for a screening or a check-in,
// and only when clear the body map (or the plan already made for these answers).
function route(clearance, wanted, { replace = false } = {}) {
  if (!clearance) return showScreening(null, { replace }); // offline: the questions work from the cached catalog
  state.clearance = clearance;
  switch (clearance.status) {
    case "clear":
      if (wanted === "plan" && !state.plan) restorePlan();
      if (wanted === "plan" && state.plan && state.planKey === answersKey(clearance.answers)) return show("plan", { replace });
      return showWhere({ replace });
    case "stop":
      return showCare(clearance.result, clearance, { replace });
    case "check-in":
      return showCheckIn(clearance, { replace });
    default:
      return showScreening(clearance, { replace });
  }
}

// A plan made under an earlier clearance must not stay on screen, or be started.
function forgetPlan() {
  try { sessionStorage.removeItem(PLAN_KEY); } catch { /* private mode */ }
  state.plan = null;
  state.planKey = null;
  $("plan-steps").replaceChildren();
  $("plan-anatomy").replaceChildren();
  $("plan-why").replaceChildren();
  $("plan-summary").textContent = "";
}

// The plan this tab made before a reload, if any.
function restorePlan() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(PLAN_KEY) || "null");
    if (!kept?.plan) return;
    state.plan = kept.plan;
    state.planKey = kept.key;
    state.planTitles = kept.titles;
    state.planNotes = kept.notes;
    renderPlan(kept.notice);
  } catch { /* nothing kept */ }
}

// The address changed by hand, or with Back and Forward: ask the guard again. Both events can
// fire for one change, so each address is handled once.
function onAddress() {
  if (location.hash === state.hash) return;
  state.hash = location.hash;
  navigate(location.hash.slice(1) || "where", { replace: true });
}

// Another tab answered the questions, or this one comes back into view: if the body map or a
// plan is showing and the server no longer says clear, leave it.
let rechecking = null;
function recheck() {
  rechecking ??= (async () => {
    const screen = state.screen;
    if (!["where", "plan", "no-pressure", "check-in", "care"].includes(screen)) return;
    const seq = state.nav;
    const clearance = await fetchClearance().catch(() => null);
    if (!clearance || seq !== state.nav || screen !== state.screen) return;
    if (clearance.status === "clear") {
      state.clearance = clearance;
      if (screen === "check-in" || screen === "care") return showWhere();
      if (screen === "plan" && state.planKey !== answersKey(clearance.answers)) return showWhere({ replace: true });
      if (screen === "where") renderPrecautions($("where-precautions"), clearancePrecautions(clearance));
      return;
    }
    if (clearance.status === "check-in" && screen === "check-in") return; // keep what is being answered
    route(clearance, screen, { replace: true });
  })().finally(() => { rechecking = null; });
  return rechecking;
}

function markScreened() {
  try { localStorage.setItem(SCREENED_KEY, String(Date.now())); } catch { /* private mode: the server still decides */ }
}

// --- Screening --------------------------------------------------------------------------

function questionText(id) {
  const { redFlags, signs = [], precautions } = state.catalog.screening;
  return [...redFlags, ...signs, ...precautions].find((q) => q.id === id)?.question || id;
}

function yesNoItem(id, prefix) {
  const item = document.createElement("li");
  const text = element("p", questionText(id));
  text.id = prefix + id;
  const choices = document.createElement("div");
  choices.className = "yesno";
  choices.setAttribute("role", "radiogroup");
  choices.setAttribute("aria-labelledby", text.id);
  for (const [value, label] of [["yes", t("ui.yes")], ["no", t("ui.no")]]) {
    const wrap = document.createElement("label");
    const input = Object.assign(document.createElement("input"), { type: "radio", name: id, value, required: true });
    wrap.append(input, element("span", label));
    choices.append(wrap);
  }
  item.append(text, choices);
  return item;
}

// The full screening in its groups (the red flags by how urgent, the signs, the precautions),
// each with one "None of these", and a count of what is answered.
function renderQuestions() {
  $("questions").replaceChildren(...state.catalog.screeningGroups.map((group) => {
    const item = element("li", "", "question-group");
    const heading = element("h3", group.title);
    heading.id = "group-" + group.id;
    const none = element("button", t("ui.none-of-these"), "none-of-these");
    none.type = "button";
    none.id = "none-" + group.id;
    none.setAttribute("aria-describedby", heading.id);
    none.addEventListener("click", () => {
      for (const id of group.questions) $("screening-form").querySelector(`input[name="${id}"][value="no"]`).checked = true;
      countAnswered();
      // On to the next group's heading.
      item.nextElementSibling?.querySelector("h3")?.scrollIntoView({ block: "start", behavior: "smooth" });
    });
    const list = element("ol", "", "questions");
    list.replaceChildren(...group.questions.map((id) => yesNoItem(id, "q-")));
    // After the questions: each is read before "none of them" can be said.
    item.append(heading, list, none);
    return item;
  }));
  $("screening-form").addEventListener("change", countAnswered);
  countAnswered();
}

function countAnswered() {
  const total = state.catalog.screeningGroups.reduce((n, g) => n + g.questions.length, 0);
  const answered = new Set([...$("screening-form").querySelectorAll("input:checked")].map((i) => i.name)).size;
  $("screening-progress").value = answered;
  $("screening-progress").max = total;
  $("screening-count").textContent = t("ui.screening.count", { answered, total });
}

function formAnswers(form) {
  const answers = {};
  for (const [id, value] of new FormData(form).entries()) answers[id] = value === "yes";
  return answers;
}

function showScreening(clearance, options) {
  forgetPlan();
  if (state.screen !== "screening") { $("screening-form").reset(); countAnswered(); } // keep answers being given
  $("screening-why").textContent = clearance?.detail || "";
  show("screening", options);
  if (state.accounts) loadToday();
}

async function submitScreening(event) {
  event.preventDefault();
  const result = await post("/api/v1/screening", { answers: formAnswers($("screening-form")), kind: "full" });
  markScreened();
  state.nav++;
  route(result.clearance, "where");
}

// The short check-in before a session: the emergency and same-day questions only.
function showCheckIn(clearance, options) {
  forgetPlan();
  $("check-in-list").replaceChildren(...clearance.questions.map((id) => element("li", questionText(id))));
  $("check-in-questions").replaceChildren(...clearance.questions.map((id) => yesNoItem(id, "ci-")));
  $("check-in-lead").hidden = $("check-in-list").hidden = $("check-in-quick").hidden = false;
  $("check-in-form").hidden = true;
  $("check-in-error").textContent = "";
  show("check-in", options);
  if (state.accounts) loadToday();
}

async function sendCheckIn(answers) {
  $("check-in-error").textContent = "";
  let result;
  try {
    result = await post("/api/v1/screening", { answers, kind: "check-in" });
  } catch (error) {
    if (error.problem?.clearance) return route(error.problem.clearance, "where", { replace: true });
    $("check-in-error").textContent = error.message;
    return;
  }
  markScreened();
  state.nav++;
  route(result.clearance, "where");
  if (result.clearance.status === "check-in") $("check-in-error").textContent = t("ui.check-in.again");
}

function checkInNone() {
  const answers = {};
  for (const id of state.clearance?.questions || []) answers[id] = false;
  return sendCheckIn(answers);
}

function checkInSome() {
  $("check-in-lead").hidden = $("check-in-list").hidden = $("check-in-quick").hidden = true;
  $("check-in-form").hidden = false;
  $("check-in-form").querySelector("input")?.focus();
}

// --- Care, precautions ---------------------------------------------------------------------

function showCare(result, clearance, options) {
  forgetPlan();
  const care = result?.care;
  $("t-care").textContent = care?.title || t("ui.care.title");
  $("care-advice").textContent = care?.advice || clearance?.detail || "";
  $("care-why").replaceChildren(...(result?.escalations || []).map((e) => element("p", e.reason)));
  const flags = result?.redFlags || [];
  $("care-flags").replaceChildren(...flags.map((flag) => element("li", flag.question)));
  $("t-care-flags").hidden = !flags.length;
  show("care", options);
}

// The precautions answered yes, as the server judged them (the catalog's words otherwise).
function clearancePrecautions(clearance) {
  if (clearance?.result?.precautions) return clearance.result.precautions;
  const answers = clearance?.answers || {};
  return state.catalog.screening.precautions.filter((p) => answers[p.id] === true);
}

// What each precaution answered yes changes, shown before a plan is made and with it.
function renderPrecautions(box, precautions) {
  box.hidden = !precautions.length;
  if (!precautions.length) return box.replaceChildren();
  const list = document.createElement("ul");
  for (const p of precautions) {
    const item = document.createElement("li");
    item.append(element("p", t("ui.precaution.asked", { question: p.question }), "asked"), element("p", p.planChange));
    if (p.stillAllowed) item.append(element("p", p.stillAllowed));
    list.append(item);
  }
  box.replaceChildren(element("h3", t("ui.precaution.title")), list);
}

function showWhere(options) {
  renderPrecautions($("where-precautions"), clearancePrecautions(state.clearance));
  $("where-error").textContent = "";
  show("where", options);
  // Today's prescription was chosen before the safety questions: its plan is made now.
  if (state.usePrescription && state.today) makePlan();
  else if (state.accounts) loadToday();
}

function showWithheld(precautions) {
  forgetPlan();
  $("withheld").replaceChildren(...precautions.flatMap((p) => [
    element("p", p.planChange, "lead"),
    ...(p.stillAllowed ? [element("p", p.stillAllowed)] : []),
  ]));
  show("no-pressure");
}

// --- Body map ---------------------------------------------------------------------------

// The map is drawn by the server into the page: each target is one region on one side (or on
// the middle line). Tapping a side's target chooses that side; the plan's side follows from the
// targets chosen.
const targetKey = (el) => el.dataset.region + (el.dataset.side ? ":" + el.dataset.side : "");

function wireMap() {
  for (const target of document.querySelectorAll(".maps [data-region]")) {
    target.addEventListener("click", () => toggleTarget(targetKey(target)));
    target.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggleTarget(targetKey(target)); } });
  }
}

function toggleTarget(key) {
  state.regions.has(key) ? state.regions.delete(key) : state.regions.add(key);
  showChosen();
}

function showChosen() {
  const names = [];
  for (const el of document.querySelectorAll(".maps [data-region]")) {
    const on = state.regions.has(targetKey(el));
    el.setAttribute("aria-pressed", String(on));
    if (on && !names.includes(el.getAttribute("aria-label"))) names.push(el.getAttribute("aria-label"));
  }
  $("chosen").textContent = names.length ? t("ui.where.chosen", { names: names.join(", ") }) : t("ui.where.nothing");
}

// The regions and the side of a plan: left or right when every side-specific target chosen is
// on that side, else both.
function chosenWhere() {
  const regions = [...new Set([...state.regions].map((key) => key.split(":")[0]))];
  const sides = new Set([...state.regions].map((key) => key.split(":")[1]).filter(Boolean));
  return { regions, side: sides.size === 1 ? [...sides][0] : "both" };
}

async function makePlan() {
  $("where-error").textContent = "";
  if (!state.regions.size) {
    $("where-error").textContent = t("ui.where.none-chosen");
    return;
  }
  const tools = [...document.querySelectorAll("input[name=tool]:checked")].map((i) => i.value);
  const { regions, side } = chosenWhere();
  const seq = ++state.nav;
  try {
    // The answers a plan uses are the server's, and only while it says clear.
    const clearance = await fetchClearance();
    if (seq !== state.nav) return;
    if (!clearance) throw new Error(t("ui.unreachable"));
    // Not clear: the questions first (a prescription chosen is planned after them).
    if (clearance.status !== "clear") return route(clearance, "where", { replace: true });
    state.usePrescription = false;
    state.clearance = clearance;
    const answer = await post("/api/v1/plans", { regions, side, tools, minutes: Number($("minutes").value), answers: clearance.answers });
    if (seq !== state.nav) return;
    if (answer.stop) return showCare(answer.stop);
    if (answer.withheld?.length) return showWithheld(answer.withheld);
    if (!answer.plan || answer.screened === false) return navigate("where", { replace: true });
    state.plan = answer.plan;
    state.planKey = answersKey(clearance.answers);
    state.planTitles = answer.titles;
    state.planNotes = answer.notes;
    // Kept for this tab, so a reload on the plan keeps it; the server checks it again at the start.
    try { sessionStorage.setItem(PLAN_KEY, JSON.stringify({ plan: state.plan, key: state.planKey, notice: answer.notice, titles: answer.titles, notes: answer.notes })); } catch { /* full or private */ }
    renderPlan(answer.notice);
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
    // The ends of the scale say what they mean, on the button itself.
    const end = n === 0 ? t("ui.scale.none") : n === 10 ? t("ui.scale.worst") : "";
    if (end) button.append(element("small", end));
    button.setAttribute("role", "radio");
    button.setAttribute("aria-checked", "false");
    button.setAttribute("aria-label", t(end ? "ui.scale.end-label" : "ui.scale.label", { n, end }));
    button.addEventListener("click", () => {
      for (const b of container.children) b.setAttribute("aria-checked", String(b === button));
      onPick(n);
    });
    container.append(button);
  }
}

function renderPlan(notice) {
  const plan = state.plan;
  $("plan-summary").textContent = t("ui.plan.summary", { total: clock(plan.totalSeconds), pressure: clock(plan.pressureSeconds) });
  renderPrecautions($("plan-precautions"), plan.precautions || clearancePrecautions(state.clearance));
  $("plan-notice").textContent = notice || "";
  $("plan-notes").replaceChildren(...(state.planNotes || []).map((note) => element("li", note)));
  $("plan-steps").replaceChildren(...plan.steps.map((step) => {
    const li = document.createElement("li");
    const row = element("div", "", "step-row");
    const img = Object.assign(document.createElement("img"), { className: "step-drawing", loading: "lazy", width: 160, height: 100 });
    showDrawing(img, step);
    const title = state.planTitles?.[step.number - 1] || step.technique;
    row.append(img, element("span", t(step.side ? "ui.plan.step-side" : "ui.plan.step", { title, side: sideWords(step.side), time: clock(step.seconds) })));
    li.append(row);
    return li;
  }));
  showAnatomy(plan.request.regions);
  $("plan-why").replaceChildren(...plan.muscles.map((m) => element("li", `${m.name}: ${m.reason}`)));
  state.painBefore = null;
  renderScale($("pain-before"), (n) => { state.painBefore = n; });
}

// The drawing of a step (GET /api/v1/drawings/{id}.svg), its words from the catalog as alt text.
function showDrawing(img, step) {
  const id = step?.drawing;
  img.hidden = !id;
  if (!id) { img.removeAttribute("src"); img.alt = ""; return; }
  const src = `/api/v1/drawings/${encodeURIComponent(id)}.svg`;
  if (img.getAttribute("src") !== src) img.src = src;
  img.alt = state.catalog?.drawings?.[id] || state.live?.title || step.technique;
}

// Why these muscles: the back view with the chosen regions lit, inline so its title labels it.
async function showAnatomy(regions) {
  const box = $("plan-anatomy");
  box.replaceChildren();
  try {
    const response = await fetch(`/api/v1/drawings/anatomy.svg?regions=${regions.map(encodeURIComponent).join(",")}`);
    if (response.ok && state.plan?.request.regions === regions) box.innerHTML = await response.text();
  } catch { /* the plan stands without its picture */ }
}

// --- Live session -----------------------------------------------------------------------

async function startSession() {
  if (!state.plan) return navigate("where", { replace: true });
  const seq = ++state.nav;
  let live;
  try {
    live = await post("/api/v1/live", { plan: state.plan, painBefore: state.painBefore ?? undefined });
  } catch (error) {
    // The server checks the clearance itself: a stop, a check-in or a screening comes back here.
    if (error.problem?.clearance) return route(error.problem.clearance, "where", { replace: true });
    throw error;
  }
  if (seq !== state.nav) return;
  forgetPlan(); // its clearance is used: the next session asks again
  follow(live, true);
}

// A new session replays its stream from the start, so the first instruction is spoken too;
// after a reload only what comes next is.
function follow(live, fromStart = false, options = {}) {
  state.live = live;
  localStorage.setItem(LIVE_KEY, live.id);
  show("live", options);
  renderLive(live);
  keepAwake();
  state.source?.close();
  const source = new EventSource(`/api/v1/live/${live.id}/stream${fromStart ? "?lastEventId=0" : ""}`);
  source.addEventListener("state", (e) => renderLive(JSON.parse(e.data)));
  source.addEventListener("cue", (e) => speak(JSON.parse(e.data)));
  source.onerror = () => { if (state.live?.phase === "finished") source.close(); };
  state.source = source;
}

function renderStops() {
  const signals = state.catalog.screening.stopSignals || [];
  $("stops").replaceChildren(...signals.map((s) => {
    const button = element("button", sentence(s.signal), "stop-signal danger-button");
    button.type = "button";
    button.id = "stop-" + s.id;
    button.dataset.signal = s.id;
    button.addEventListener("click", () => sendEvent("stop", s.id));
    return button;
  }));
}

function renderLive(live) {
  state.live = live;
  state.liveAt = performance.now();
  const step = live.step;
  $("live-position").textContent = live.position ? t(step?.side ? "ui.live.position-side" : "ui.live.position", { n: live.position, count: live.stepCount, side: sideWords(step?.side) }) : "";
  $("t-step").textContent = live.phase === "safety-stop" ? t("ui.live.safety-stop") : step ? live.title : t("ui.live.done");
  // How to set up stays on screen for the whole step; timed cues come beside it.
  $("setup").textContent = live.phase === "safety-stop" ? "" : step?.cue || "";
  tick();
  $("live-next").textContent = live.next ? t("ui.live.next", { title: live.nextTitle, time: clock(live.next.seconds) }) : "";
  const cue = live.lastCue;
  if (cue && (cue.safety || (cue.kind !== "step" && cue.step === step?.number))) showCue(cue); else showCue(null);
  showDrawing($("figure"), step);
  const paused = live.phase === "paused" || live.phase === "safety-stop" || live.phase === "quit";
  $("pause").textContent = t(live.phase === "safety-stop" ? "ui.live.go-on" : paused ? "ui.live.resume" : "ui.live.pause");
  $("eased").disabled = live.phase !== "running";
  // "It eased" ends a tender spot's hold early: nothing to ease in the warm-up or the water.
  $("eased").hidden = ["warm-up", "hydrate"].includes(step?.technique) || live.phase === "safety-stop" || live.phase === "quit";
  $("stop-next").hidden = live.phase !== "safety-stop";
  if (live.phase === "safety-stop") {
    $("stop-next-text").textContent = live.next ? t("ui.live.stop-next", { title: live.nextTitle }) : t("ui.live.stop-end");
  }
  $("left-panel").hidden = live.phase !== "quit";
  $("live-more").hidden = live.phase === "quit" || live.phase === "safety-stop";
  // A stop works while the step runs and while it is paused.
  const stoppable = live.phase === "running" || live.phase === "paused";
  for (const button of $("stops").children) button.disabled = !stoppable;
  // Stopped for safety: the message comes first, and "Go on" or "Stop for now" next.
  $("screen-live").classList.toggle("stopped", live.phase === "safety-stop");
  $("screen-live").classList.toggle("left", live.phase === "quit");
  if (live.phase === "finished") {
    state.source?.close();
    releaseWake();
    if (state.screen !== "after") {
      state.painAfter = null;
      $("after-ask").hidden = true;
      renderScale($("pain-after"), (n) => { state.painAfter = n; $("after-ask").hidden = true; });
    }
    if (state.screen === "live") show("after", { replace: true });
  }
}

// Counts down between events: the server sends the state when something happens, not every second.
function tick() {
  const live = state.live;
  if (!live || $("screen-live").hidden) return;
  const passed = live.phase === "running" ? ((performance.now() - state.liveAt) / 1000) * (live.speed || 1) : 0;
  // A step stopped for safety is over: its clock shows no time left.
  const elapsed = live.phase === "safety-stop" ? live.stepSeconds : Math.min(live.stepSeconds, live.stepElapsed + passed);
  $("countdown").textContent = clock(live.stepSeconds - elapsed);
  const fraction = live.stepSeconds ? elapsed / live.stepSeconds : 1;
  $("ring").style.strokeDashoffset = String(326.7 * (1 - Math.min(1, fraction)));
}
setInterval(tick, 250);

function showCue(cue) {
  // A timed cue shows as "Now: …" beside the set-up; a safety cue as it is.
  $("cue").textContent = cue?.text ? (cue.safety ? cue.text : t("ui.live.now", { cue: cue.text })) : "";
  $("cue").classList.toggle("safety", !!cue?.safety);
}

function speak(cue) {
  // The step's own cue is its set-up, already on screen; only the timed ones show as "Now:".
  if (cue.kind !== "step") showCue(cue);
  (cue.safety ? $("alarm") : $("announce")).textContent = cue.text;
  if (!("speechSynthesis" in window)) return;
  if (cue.safety) speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(cue.text));
}

// Each event names the step it was meant for: a second tap that arrives after that step has
// ended changes nothing on the server, and one tap at a time leaves here.
async function sendEvent(event, signal) {
  if (!state.live) return;
  // A stop signal always goes, at once, whatever else is on its way.
  const stop = event === "stop";
  if (state.sending && !stop) return;
  if (!stop) state.sending = true;
  // Skip and "it eased" name the step they were meant for; the rest apply to whatever step is on.
  const forStep = (event === "skip" || event === "eased") && state.live.step;
  const body = { event, ...(signal ? { signal } : {}), ...(forStep ? { step: state.live.step.number } : {}) };
  try {
    renderLive(await post(`/api/v1/live/${state.live.id}/events`, body));
  } catch (error) {
    $("cue").textContent = error.message;
  } finally {
    if (!stop) state.sending = false;
  }
}

async function keepAwake() {
  try { state.wakeLock = await navigator.wakeLock?.request("screen"); } catch { state.wakeLock = null; }
}
function releaseWake() { state.wakeLock?.release?.(); state.wakeLock = null; }

async function saveSession({ quiet = false } = {}) {
  if (!state.live) return;
  if (!quiet && state.painAfter == null && $("after-ask").hidden) {
    $("after-ask").hidden = false;
    return;
  }
  const session = await post(`/api/v1/live/${state.live.id}/finish`, { painAfter: state.painAfter ?? undefined });
  $("after-ask").hidden = true;
  if (quiet) {
    localStorage.removeItem(LIVE_KEY);
    state.live = null;
    return session;
  }
  localStorage.removeItem(LIVE_KEY);
  state.live = null;
  show("history");
  return session;
}

// --- History ----------------------------------------------------------------------------

async function loadHistory() {
  const history = await api("/api/v1/history?since=all&limit=20");
  $("verdict").textContent = history.summary.explanation;
  // The phone's chart keeps its text legible at a phone's width; a wider screen gets the full one.
  const size = window.matchMedia("(max-width: 600px)").matches ? "phone" : "standard";
  $("chart").width = size === "phone" ? 300 : 760;
  $("chart").height = size === "phone" ? 260 : 400;
  $("chart").src = `/api/v1/history/chart.svg?since=all&size=${size}&t=${Date.now()}`;
  $("history-list").replaceChildren(...history.sessions.map((s) => {
    const when = new Date(s.startedAt).toLocaleString();
    const pain = t(s.painAfter == null ? (s.painBefore == null ? "ui.history.pain-none" : "ui.history.pain-before") : s.painBefore == null ? "ui.history.pain-after" : "ui.history.pain",
      { before: s.painBefore, after: s.painAfter });
    return element("li", t(s.regions.length ? "ui.history.entry-where" : "ui.history.entry", { when, pain, regions: s.regions.map(regionName).join(", ").toLowerCase() }));
  }));
}

// --- Accounts (serve --accounts) ---------------------------------------------------------

// Whether the server has accounts, and who is signed in. Without accounts (one person's
// server) nothing here shows, and none of it is loaded: no sign-in, no account page. With them,
// their script (accounts.js) comes first, then its screens; nothing calls into it before.
async function loadAccount() {
  let status;
  try {
    status = await api("/api/v1/account", { cache: "no-store" });
  } catch (error) {
    if (error.status) throw error;
    status = { accounts: false }; // offline: the cached app works as it can
  }
  if (status.accounts) {
    await loadScript("/accounts.js");
    await wireAccounts();
  }
  state.accounts = !!status.accounts;
  state.signUp = status.signUp || null;
  state.account = status.account || null;
  if (state.accounts) renderNav();
}

// A script of the app's own, run after this one; the page's policy allows no inline script.
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement("script"), { src });
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject(new Error(t("ui.unreachable"))));
    document.head.append(script);
  });
}


// --- Start ------------------------------------------------------------------------------

async function boot() {
  state.catalog = await api("/api/v1/catalog");
  renderQuestions();
  wireMap();
  renderStops();
  $("screening-form").addEventListener("submit", (e) => submitScreening(e).catch((err) => alert(err.message)));
  $("check-in-none").addEventListener("click", checkInNone);
  $("check-in-some").addEventListener("click", checkInSome);
  $("check-in-form").addEventListener("submit", (e) => { e.preventDefault(); sendCheckIn(formAnswers($("check-in-form"))); });
  $("make-plan").addEventListener("click", makePlan);
  $("print").addEventListener("click", () => window.print());
  $("minutes").addEventListener("input", () => { $("minutes-out").textContent = $("minutes").value; });
  $("start").addEventListener("click", () => startSession().catch((err) => alert(err.message)));
  $("pause").addEventListener("click", () => sendEvent(state.live?.phase === "running" ? "pause" : "resume"));
  $("eased").addEventListener("click", () => sendEvent("eased"));
  $("to-stops").addEventListener("click", () => {
    $("t-stops").scrollIntoView({ block: "start", behavior: "smooth" });
    $("stops").querySelector("button")?.focus({ preventScroll: true });
  });
  $("skip").addEventListener("click", () => sendEvent("skip"));
  $("quit").addEventListener("click", () => sendEvent("quit"));
  $("left-finish").addEventListener("click", () => sendEvent("end"));
  $("stop-finish").addEventListener("click", () => sendEvent("end"));
  $("left-later").addEventListener("click", () => navigate("history"));
  $("live-return").addEventListener("click", () => { if (state.live) show(state.live.phase === "finished" ? "after" : "live"); });
  $("save").addEventListener("click", () => saveSession().catch((err) => alert(err.message)));
  for (const button of document.querySelectorAll("[data-go]")) button.addEventListener("click", () => navigate(button.dataset.go));
  window.addEventListener("hashchange", onAddress);
  window.addEventListener("popstate", onAddress);
  window.addEventListener("storage", (e) => { if (e.key === SCREENED_KEY || e.key === LIVE_KEY) recheck(); });
  window.addEventListener("focus", recheck);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") recheck(); });
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  localStorage.removeItem("knotwork.screening"); // the old local copy of the rule, no longer used

  await loadAccount();
  state.hash = location.hash;
  const wanted = location.hash.slice(1);
  if (state.accounts && !state.account) {
    state.afterSignIn = SIGN_IN_SCREENS.includes(wanted) ? null : wanted;
    return showSignIn(wanted === "sign-up" ? "sign-up" : "sign-in", { replace: true });
  }
  return enter(SIGN_IN_SCREENS.includes(wanted) ? "" : wanted);
}

// Where the app goes once it may show the journal: a session under way, else the screen the
// address names (asking the server first, as every way there does).
async function enter(wanted) {
  const liveID = localStorage.getItem(LIVE_KEY);
  if (liveID) {
    // Forget the session only when the server says it is gone, not when it cannot be reached.
    try { return follow(await api(`/api/v1/live/${liveID}`), false, { replace: true }); } catch (error) { if (error.status === 404) localStorage.removeItem(LIVE_KEY); else throw error; }
  }
  if (wanted === "history" || wanted === "screening" || PAGES[wanted]) return navigate(wanted, { replace: true });
  const seq = ++state.nav;
  const clearance = await fetchClearance().catch(() => null);
  if (seq === state.nav) route(clearance, wanted || "where", { replace: true });
}

boot().catch((error) => { document.body.prepend(element("p", t("ui.could-not-start", { reason: error.message }), "error")); });
