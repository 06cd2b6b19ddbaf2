// Knotwork web app, the accounts part (serve --accounts): sign-in and sign-up, the account
// page, a patient's clinicians and today's prescription, a clinician's patients. Loaded by
// app.js only on a server with accounts, after the page; it uses app.js's names (state, t, api,
// show, navigate…), and the server puts the phrases it names in front of it.
"use strict";

const PATIENT_KEY = "knotwork.patient";
// The screens that show today's prescription: wherever the Plan button leads.
const HOME_SCREENS = ["where", "screening", "check-in"];

// The header: the person's name (to the account page), and the pages of their role.
function renderNav() {
  const account = state.accounts ? state.account : null;
  document.body.classList.toggle("signed-in", !!account);
  for (const button of document.querySelectorAll(".bar [data-needs]")) {
    const needs = button.dataset.needs;
    button.hidden = !account || (needs !== "account" && needs !== account.role);
  }
  for (const button of document.querySelectorAll("nav button:not([data-needs])")) button.hidden = state.accounts && !account;
  $("nav-account").textContent = account?.displayName || "";
  if (account) $("nav-account").setAttribute("aria-label", t("ui.nav.account", { name: account.displayName }));
}

// A 401: the sign-in has ended (or never was). What this tab knew of the person goes.
function needSignIn() {
  if (!state.accounts) return;
  if (state.account) forgetPerson();
  if (SIGN_IN_SCREENS.includes(state.screen)) return;
  state.nav++; // whatever was on its way is dropped
  showSignIn("sign-in", { replace: true });
}

// Everything of the person who was signed in, gone from this tab: their session, plan, choices.
function forgetPerson() {
  state.account = null;
  state.source?.close();
  state.source = null;
  state.live = null;
  state.today = null;
  state.usePrescription = false;
  state.clearance = null;
  try { localStorage.removeItem(LIVE_KEY); sessionStorage.removeItem(PATIENT_KEY); } catch { /* private mode */ }
  forgetPlan();
  state.regions.clear();
  showChosen();
  $("screening-form").reset();
  renderNav();
}

function showSignIn(name, options) {
  if (!state.accounts || state.account) return navigate("where", options);
  const invite = state.signUp === "invite";
  $("sign-up-invite").required = invite;
  $("sign-up-invite-hint").textContent = t(invite ? "ui.sign-up.invite-required" : "ui.sign-up.invite-optional");
  show(name, options);
}

// The form's problem lines emptied, and its fields no longer marked.
function clearProblems(form) {
  for (const line of form.querySelectorAll(".error")) line.textContent = "";
  for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  for (const line of form.querySelectorAll(".done")) line.textContent = "";
}

// A problem shown by the field it names (that field's line, which its input is described by),
// else under the form; the field is marked and focused.
function fieldProblem(form, field, message) {
  const line = (field && form.querySelector(`[data-error-for="${CSS.escape(field)}"]`)) || form.querySelector(".form-error");
  line.textContent = sentence(message);
  const input = field ? form.elements[field] : null;
  if (input?.setAttribute) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  } else if (input?.[0]) {
    input[0].focus();
  }
}

function formProblem(form, error) {
  fieldProblem(form, error.problem?.field, error.message);
}

// The words typed in a form, by field name.
const formValues = (form) => Object.fromEntries(new FormData(form).entries());

// Each required field filled in, and a new password long enough, before anything is sent.
function checkFilled(form, passwordField) {
  for (const input of form.querySelectorAll("input[required], textarea[required]")) {
    if (!input.value.trim()) { fieldProblem(form, input.name, t("ui.account.required")); return false; }
  }
  if (passwordField && form.elements[passwordField].value.length < 10) {
    fieldProblem(form, passwordField, t("ui.account.short-password"));
    return false;
  }
  return true;
}

async function signedIn(status) {
  state.account = status.account;
  renderNav();
  for (const form of [$("sign-in-form"), $("sign-up-form")]) { form.reset(); clearProblems(form); }
  $("sign-in-status").hidden = true;
  const wanted = state.afterSignIn;
  state.afterSignIn = null;
  await enter(wanted && !SIGN_IN_SCREENS.includes(wanted) ? wanted : "");
}

async function signIn(event) {
  event.preventDefault();
  const form = $("sign-in-form");
  clearProblems(form);
  if (!checkFilled(form)) return;
  try {
    await signedIn(await post("/api/v1/account/sign-in", formValues(form)));
  } catch (error) {
    // The same words for an unknown email and a wrong password: they go under the form.
    formProblem(form, error);
  }
}

async function signUp(event) {
  event.preventDefault();
  const form = $("sign-up-form");
  clearProblems(form);
  if (!checkFilled(form, "password")) return;
  const body = formValues(form);
  if (!body.invite?.trim()) delete body.invite;
  try {
    await signedIn(await post("/api/v1/account/sign-up", body));
  } catch (error) {
    if (error.status === 409) return fieldProblem(form, "email", error.message);
    formProblem(form, error);
  }
}

async function signOut() {
  try { await post("/api/v1/account/sign-out", {}); } catch { /* signed out here all the same */ }
  signedOut("ui.account.signed-out");
}

function signedOut(key) {
  forgetPerson();
  $("sign-in-status").textContent = t(key);
  $("sign-in-status").hidden = false;
  showSignIn("sign-in");
}

// --- The account page ---

const when = (date) => new Date(date).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
const day = (date) => new Date(date).toLocaleDateString([], { dateStyle: "medium" });

function showAccount(options) {
  const account = state.account;
  $("account-who").textContent = account.email ? t("ui.account.who", { name: account.displayName, email: account.email }) : account.displayName;
  for (const form of [$("password-form"), $("token-form"), $("delete-form")]) { form.reset(); clearProblems(form); }
  $("token-new").hidden = true;
  show("account", options);
  loadTokens().catch((error) => fieldProblem($("token-form"), null, error.message));
}

async function loadTokens() {
  const tokens = await api("/api/v1/account/tokens", { cache: "no-store" });
  $("tokens-none").hidden = tokens.length > 0;
  $("token-list").replaceChildren(...tokens.map((token) => {
    const item = element("li", "", "card");
    const used = token.lastUsedAt ? t("ui.tokens.used", { when: when(token.lastUsedAt) }) : t("ui.tokens.never");
    item.append(element("strong", token.name), element("p", t("ui.tokens.made", { when: when(token.createdAt), used }), "muted"));
    if (token.revokedAt) {
      item.classList.add("ended");
      item.append(element("p", t("ui.tokens.revoked", { when: when(token.revokedAt) })));
    } else {
      const revoke = element("button", t("ui.tokens.revoke"));
      revoke.type = "button";
      revoke.addEventListener("click", () => askFirst(item, t("ui.tokens.revoke-ask", { name: token.name }), t("ui.tokens.revoke-yes"), async () => {
        await api(`/api/v1/account/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" });
        await loadTokens();
      }));
      item.append(revoke);
    }
    return item;
  }));
}

// Asks in place before what cannot be undone: the question, then "yes" and "keep it"; focus
// goes to "keep it", the safe answer.
function askFirst(item, question, yes, action) {
  item.querySelector(".ask")?.remove();
  const box = element("div", "", "ask");
  const text = element("p", question);
  text.setAttribute("role", "alert");
  const go = element("button", yes, "danger-button");
  const keep = element("button", t("ui.keep"));
  go.type = keep.type = "button";
  go.addEventListener("click", () => action().catch((error) => { text.textContent = error.message; }));
  keep.addEventListener("click", () => { box.remove(); item.querySelector("button")?.focus(); });
  box.append(text, go, keep);
  item.append(box);
  keep.focus();
}

async function makeToken(event) {
  event.preventDefault();
  const form = $("token-form");
  clearProblems(form);
  if (!checkFilled(form)) return;
  try {
    const made = await post("/api/v1/account/tokens", formValues(form));
    form.reset();
    $("token-secret").value = made.token;
    $("token-copied").textContent = "";
    $("token-new").hidden = false;
    $("token-secret").focus();
    $("token-secret").select();
    await loadTokens();
  } catch (error) {
    formProblem(form, error);
  }
}

async function copyToken() {
  const secret = $("token-secret");
  secret.focus();
  secret.select();
  try {
    await navigator.clipboard.writeText(secret.value);
    $("token-copied").textContent = t("ui.tokens.copied");
  } catch {
    $("token-copied").textContent = t("ui.tokens.copy-by-hand");
  }
}

async function changePassword(event) {
  event.preventDefault();
  const form = $("password-form");
  clearProblems(form);
  if (!checkFilled(form, "new")) return;
  try {
    await post("/api/v1/account/password", formValues(form));
    form.reset();
    $("password-done").textContent = t("ui.account.password-done");
  } catch (error) {
    formProblem(form, error);
  }
}

async function deleteAccount(event) {
  event.preventDefault();
  const form = $("delete-form");
  clearProblems(form);
  if (!checkFilled(form)) return;
  try {
    await post("/api/v1/account/delete", formValues(form));
  } catch (error) {
    return formProblem(form, error);
  }
  signedOut("ui.account.deleted");
}

// --- A patient's clinicians ---

function showClinicians(options) {
  clearProblems($("accept-form"));
  $("accept-form").reset();
  show("clinicians", options);
  loadClinicians().catch((error) => { $("clinicians-error").textContent = error.message; });
}

async function loadClinicians() {
  const care = await api("/api/v1/care", { cache: "no-store" });
  $("clinicians-error").textContent = "";
  const names = new Map(care.links.map((link) => [link.clinician.id, link.clinician.displayName]));
  // Those who can see now first, then those whose access has ended.
  const links = [...care.links].sort((a, b) => Number(b.active) - Number(a.active));
  $("clinicians-none").hidden = care.links.some((link) => link.active);
  $("clinician-list").replaceChildren(...links.map(clinicianCard));
  $("access-none").hidden = care.accessLog.length > 0;
  $("access-log").replaceChildren(...care.accessLog.map((entry) => element("li", t("ui.clinicians.log-entry",
    { when: when(entry.at), name: names.get(entry.clinician) || t("ui.clinicians.someone"), what: entry.what }))));
}

function clinicianCard(link) {
  const { clinician } = link;
  const item = element("li", "", link.active ? "card" : "card ended");
  item.append(element("strong", clinician.displayName));
  if (clinician.email) item.append(element("p", clinician.email, "muted"));
  if (!link.active) {
    item.append(element("p", t("ui.clinicians.ended", { when: day(link.revokedAt) })));
    return item;
  }
  item.append(element("p", t("ui.clinicians.since", { when: day(link.grantedAt) })));
  if (link.sees) item.append(element("p", t("ui.clinicians.sees", { what: link.sees })));
  const end = element("button", t("ui.clinicians.end"), "danger-outline");
  end.type = "button";
  end.addEventListener("click", () => askFirst(item, t("ui.clinicians.end-ask", { name: clinician.displayName }), t("ui.clinicians.end-yes"), async () => {
    await api(`/api/v1/care/${encodeURIComponent(clinician.id)}`, { method: "DELETE" });
    await loadClinicians();
    $("t-clinicians").focus();
  }));
  item.append(end);
  return item;
}

async function acceptInvite(event) {
  event.preventDefault();
  const form = $("accept-form");
  clearProblems(form);
  if (!checkFilled(form)) return;
  try {
    const link = await post("/api/v1/care", formValues(form));
    form.reset();
    await loadClinicians();
    $("accept-done").textContent = t("ui.clinicians.accepted", { name: link.clinician.displayName });
  } catch (error) {
    formProblem(form, error);
  }
}

// --- Today's prescription, on the way to a plan ---

const DAYS = {
  monday: "ui.day.monday", tuesday: "ui.day.tuesday", wednesday: "ui.day.wednesday", thursday: "ui.day.thursday",
  friday: "ui.day.friday", saturday: "ui.day.saturday", sunday: "ui.day.sunday",
};
const SIDE_WORDS = { both: "ui.side.both", left: "ui.side.left", right: "ui.side.right" };
const regionList = (ids) => ids.map(regionName).join(", ");

// The prescription for today, if the signed-in person has one, with its clinician's name.
async function loadToday() {
  if (!state.account) return;
  try {
    const [list, care] = await Promise.all([api("/api/v1/prescriptions", { cache: "no-store" }), api("/api/v1/care", { cache: "no-store" })]);
    const today = list.prescriptions.find((p) => p.id === list.today) || null;
    if (today) today.from = care.links.find((link) => link.clinician.id === today.clinician)?.clinician.displayName;
    state.today = today;
  } catch {
    state.today = null; // the plan is made as ever without it
  }
  placeToday();
}

// The card shows under the heading of whichever screen the Plan button led to.
function placeToday() {
  const card = $("today-card");
  const p = state.today;
  const home = HOME_SCREENS.includes(state.screen) && state.account && p;
  card.hidden = !home;
  if (!home) return;
  $("screen-" + state.screen).querySelector("h2").after(card);
  $("today-title").textContent = t("ui.today.title", { name: p.from || t("ui.today.your-clinician") });
  $("today-what").textContent = t("ui.today.what", { regions: regionList(p.regions), side: t(SIDE_WORDS[p.side] || "ui.side.both"), minutes: p.minutes });
  $("today-notes").textContent = p.notes || "";
  $("today-notes").hidden = !p.notes;
  $("today-reminders").href = `/api/v1/prescriptions/${encodeURIComponent(p.id)}/reminders.ics`;
  // Before the safety questions, the card says they come first.
  const first = state.screen !== "where";
  $("today-note").textContent = first ? t(state.usePrescription ? "ui.today.chosen" : "ui.today.first") : "";
  $("today-note").hidden = !first;
  $("today-use").hidden = first && state.usePrescription;
}

// The body map, the tools and the minutes set as the prescription says.
function applyPrescription(p) {
  state.regions.clear();
  for (const target of document.querySelectorAll(".maps [data-region]")) {
    const side = target.dataset.side;
    if (p.regions.includes(target.dataset.region) && (!side || p.side === "both" || side === p.side)) state.regions.add(targetKey(target));
  }
  showChosen();
  if (p.tools.length) for (const box of document.querySelectorAll("input[name=tool]")) box.checked = p.tools.includes(box.value);
  $("minutes").value = p.minutes;
  $("minutes-out").textContent = $("minutes").value;
}

// Plans today's prescription the way any plan is made: the safety questions first when the
// server asks for them, then the plan to read before starting.
function usePrescription() {
  if (!state.today) return;
  applyPrescription(state.today);
  state.usePrescription = true;
  if (state.screen === "where") return makePlan();
  placeToday();
  $("screen-" + state.screen).querySelector("h2").scrollIntoView({ block: "start" });
  $("today-note").focus();
}

// --- A clinician's patients ---

function showPatients(options) {
  if (state.account.role !== "clinician") return show("where", options);
  $("invite-box").hidden = true;
  show("patients", options);
  loadPatients().catch((error) => { $("patients-error").textContent = error.message; });
}

// The Monday of this week, as the adherence list names weeks.
function thisMonday() {
  const date = new Date();
  date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

// This week's prescribed days done, from the adherence's weeks (each named by its Monday).
const weekWords = (adherence) => {
  const weeks = Array.isArray(adherence) ? adherence : adherence?.weeks || [];
  const week = weeks.find((w) => (w.starts || w.week) === thisMonday());
  return week?.prescribed ? t("ui.patients.week", { done: week.done, prescribed: week.prescribed }) : "";
};
const trendWords = (trend) => trend?.explanation || trend?.text || "";
const unseen = (entry) => entry.unseenAlerts ?? (entry.alerts || []).filter((alert) => !alert.seen).length;

async function loadPatients() {
  const patients = await api("/api/v1/patients", { cache: "no-store" });
  $("patients-error").textContent = "";
  $("patients-none").hidden = patients.length > 0;
  $("patient-list").replaceChildren(...patients.map((entry) => {
    const item = document.createElement("li");
    const open = element("button", "", "card-button");
    open.type = "button";
    open.append(element("strong", entry.patient.displayName));
    if (entry.patient.email) open.append(element("span", entry.patient.email, "muted"));
    const week = weekWords(entry.adherence);
    if (week) open.append(element("span", week));
    if (trendWords(entry.trend)) open.append(element("span", trendWords(entry.trend), entry.trend.verdict === "worsening" ? "danger" : ""));
    const alerts = unseen(entry);
    if (alerts) open.append(element("span", t(alerts === 1 ? "ui.patients.alert" : "ui.patients.alerts", { n: alerts }), "badge"));
    open.addEventListener("click", () => openPatient(entry.patient.id));
    item.append(open);
    return item;
  }));
}

async function invitePatient() {
  $("patients-error").textContent = "";
  try {
    const invite = await post("/api/v1/invites", {});
    $("invite-code").textContent = invite.code;
    $("invite-expiry").textContent = t("ui.patients.expiry", { when: when(invite.expiresAt) });
    $("invite-box").hidden = false;
  } catch (error) {
    $("patients-error").textContent = error.message;
  }
}

function openPatient(id) {
  state.patientId = id;
  try { sessionStorage.setItem(PATIENT_KEY, id); } catch { /* private mode */ }
  showPatient();
}

function showPatient(options) {
  state.patientId ??= sessionStorage.getItem(PATIENT_KEY);
  if (state.account.role !== "clinician" || !state.patientId) return showPatients({ replace: true });
  $("t-patient").textContent = "";
  $("patient-email").textContent = "";
  $("patient-error").textContent = "";
  $("patient-body").hidden = true;
  const form = $("prescribe-form");
  form.reset();
  clearProblems(form);
  form.elements.starts.value = thisDay();
  show("patient", options);
  loadPatient().catch(() => {});
}

const thisDay = () => {
  const date = new Date();
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
};

async function loadPatient() {
  const id = state.patientId;
  let detail;
  try {
    detail = await api(`/api/v1/patients/${encodeURIComponent(id)}`, { cache: "no-store" });
  } catch (error) {
    $("patient-body").hidden = true;
    $("t-patient").textContent = t("ui.patient.title");
    $("patient-error").textContent = error.status === 404 ? t("ui.patient.gone") : error.message;
    throw error;
  }
  if (id !== state.patientId) return;
  $("t-patient").textContent = detail.patient.displayName;
  $("patient-email").textContent = detail.patient.email || "";
  $("patient-week").textContent = weekWords(detail.adherence);
  $("patient-week").hidden = !$("patient-week").textContent;
  $("patient-trend").textContent = trendWords(detail.trend);
  $("patient-trend").hidden = !trendWords(detail.trend);
  $("patient-trend").classList.toggle("danger", detail.trend?.verdict === "worsening");
  renderAlerts(detail.alerts || []);
  renderPrescriptions(detail.prescriptions || []);
  const sessions = detail.sessions || [];
  $("patient-sessions-none").hidden = sessions.length > 0;
  $("patient-sessions").replaceChildren(...sessions.slice(0, 20).map(sessionWords));
  $("patient-fhir").href = `/api/v1/patients/${encodeURIComponent(id)}/export/fhir`;
  $("patient-body").hidden = false;
}

const ALERT_KINDS = { redFlag: "ui.alert.red-flag", sharpPainStop: "ui.alert.sharp-pain", painRising: "ui.alert.pain-rising", missedDays: "ui.alert.missed-days" };

function renderAlerts(alerts) {
  $("alerts-none").hidden = alerts.length > 0;
  $("alert-list").replaceChildren(...alerts.map((alert) => {
    const item = element("li", "", alert.seen ? "card ended" : "card alert");
    item.append(element("strong", ALERT_KINDS[alert.kind] ? t(ALERT_KINDS[alert.kind]) : alert.kind), element("p", alert.summary), element("p", when(alert.at), "muted"));
    if (alert.seen) {
      item.append(element("p", t("ui.patient.was-seen")));
    } else {
      const seen = element("button", t("ui.patient.seen"));
      seen.type = "button";
      seen.addEventListener("click", async () => {
        try {
          await post(`/api/v1/patients/${encodeURIComponent(state.patientId)}/alerts/${encodeURIComponent(alert.key)}/seen`, {});
          await loadPatient();
          $("t-alerts").scrollIntoView({ block: "start" });
        } catch (error) {
          $("patient-error").textContent = error.message;
        }
      });
      item.append(seen);
    }
    return item;
  }));
}

// A prescription in words: where, which side, how long; on which days, from when to when.
function prescriptionWords(p) {
  const days = p.days.map((d) => t(DAYS[d] || d)).join(", ");
  return [
    t("ui.today.what", { regions: regionList(p.regions), side: t(SIDE_WORDS[p.side] || "ui.side.both"), minutes: p.minutes }),
    t(p.ends ? "ui.prescription.until" : "ui.prescription.from", { days, starts: day(p.starts + "T12:00"), ends: p.ends ? day(p.ends + "T12:00") : "" }),
  ];
}

function renderPrescriptions(prescriptions) {
  $("prescriptions-none").hidden = prescriptions.length > 0;
  $("prescription-list").replaceChildren(...prescriptions.map((p) => {
    const item = element("li", "", "card");
    const [what, days] = prescriptionWords(p);
    item.append(element("strong", what), element("p", days));
    if (p.notes) item.append(element("p", p.notes, "quote"));
    const remove = element("button", t("ui.patient.delete"), "danger-outline");
    remove.type = "button";
    remove.addEventListener("click", () => askFirst(item, t("ui.patient.delete-ask"), t("ui.patient.delete-yes"), async () => {
      await api(`/api/v1/patients/${encodeURIComponent(state.patientId)}/prescriptions/${encodeURIComponent(p.id)}`, { method: "DELETE" });
      await loadPatient();
      $("t-prescriptions").focus();
    }));
    item.append(remove);
    return item;
  }));
}

function sessionWords(s) {
  const pain = t(s.painAfter == null ? (s.painBefore == null ? "ui.history.pain-none" : "ui.history.pain-before") : s.painBefore == null ? "ui.history.pain-after" : "ui.history.pain",
    { before: s.painBefore, after: s.painAfter });
  return element("li", t(s.regions.length ? "ui.history.entry-where" : "ui.history.entry", { when: when(s.startedAt), pain, regions: regionList(s.regions).toLowerCase() }));
}

// The prescribe form's choices, from the catalog: its regions and tools, and the days.
function renderPrescribeForm() {
  const box = (name, value, label, checked = false) => {
    const wrap = document.createElement("label");
    // Ticked by default, so that the form's reset ticks it again.
    wrap.append(Object.assign(document.createElement("input"), { type: "checkbox", name, value, defaultChecked: checked }), " " + label);
    return wrap;
  };
  $("prescribe-regions").replaceChildren(...state.catalog.regions.map((r) => box("regions", r.id, r.name)));
  $("prescribe-tools").replaceChildren(...state.catalog.tools.map((tool) => box("tools", tool.id, tool.name, !!document.querySelector(`input[name=tool][value="${tool.id}"]`)?.defaultChecked)));
  $("prescribe-days").replaceChildren(...Object.entries(DAYS).map(([id, key]) => box("days", id, t(key))));
}

async function prescribe(event) {
  event.preventDefault();
  const form = $("prescribe-form");
  clearProblems(form);
  const picked = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
  const body = {
    regions: picked("regions"), side: form.elements["prescribe-side"].value, tools: picked("tools"), minutes: Number(form.elements.minutes.value),
    days: picked("days"), starts: form.elements.starts.value, ends: form.elements.ends.value || undefined, notes: form.elements.notes.value.trim() || undefined,
  };
  if (!body.regions.length) return fieldProblem(form, "regions", t("ui.prescribe.need-regions"));
  if (!body.tools.length) return fieldProblem(form, "tools", t("ui.prescribe.need-tools"));
  if (!body.days.length) return fieldProblem(form, "days", t("ui.prescribe.need-days"));
  if (!body.starts) return fieldProblem(form, "starts", t("ui.account.required"));
  try {
    await post(`/api/v1/patients/${encodeURIComponent(state.patientId)}/prescriptions`, body);
  } catch (error) {
    return formProblem(form, error);
  }
  form.reset();
  form.elements.starts.value = thisDay();
  await loadPatient().catch(() => {});
  $("prescribe-done").textContent = t("ui.prescribe.saved");
}

// The pages only a signed-in account has, by the address they are at (app.js asks PAGES).
Object.assign(PAGES, { account: showAccount, clinicians: showClinicians, patients: showPatients, patient: showPatient });

// The accounts screens (accounts.html, its words filled in by the server) and their styles
// (accounts.css), put in the page where they were written to be: signing in first, the card of
// today's prescription under the body map's heading, the pages after the rest; then their
// buttons wired.
async function wireAccounts() {
  const style = Object.assign(document.createElement("link"), { rel: "stylesheet", href: "/accounts.css" });
  const styled = new Promise((resolve, reject) => {
    style.addEventListener("load", resolve);
    style.addEventListener("error", () => reject(new Error(t("ui.unreachable"))));
  });
  document.head.append(style);
  const response = await fetch("/accounts.html");
  if (!response.ok) throw new Error(response.statusText);
  const fragment = document.createElement("template");
  fragment.innerHTML = await response.text();
  await styled;
  const screens = fragment.content;
  for (const button of screens.querySelectorAll("[data-go]")) button.addEventListener("click", () => navigate(button.dataset.go));
  $("main").prepend(screens.getElementById("screen-sign-in"), screens.getElementById("screen-sign-up"));
  $("screen-where").querySelector("h2").after(screens.getElementById("today-card"));
  $("main").append(...screens.querySelectorAll("section"));
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-up-form").addEventListener("submit", signUp);
  $("sign-out").addEventListener("click", signOut);
  $("password-form").addEventListener("submit", changePassword);
  $("token-form").addEventListener("submit", makeToken);
  $("token-copy").addEventListener("click", copyToken);
  $("delete-form").addEventListener("submit", deleteAccount);
  $("accept-form").addEventListener("submit", acceptInvite);
  $("today-use").addEventListener("click", usePrescription);
  $("invite").addEventListener("click", invitePatient);
  $("prescribe-form").addEventListener("submit", prescribe);
  renderPrescribeForm();
}
