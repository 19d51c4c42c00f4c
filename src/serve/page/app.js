// negsim serve: the page's behaviour. Plain JavaScript, no libraries, no
// requests anywhere but this server. Every change of a control schedules a
// run (debounced), and a newer run aborts the one in flight, so the figures
// shown always belong to the controls as they are.
"use strict";

const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 250;

const state = {
  scenario: null, // id
  levers: [], // from /api/levers
  defaultSeed: 0,
  controller: null, // AbortController of the run in flight
  timer: null,
  runs: 0,
};

function pct(x, digits = 1) {
  return (100 * x).toFixed(digits) + " %";
}

function pp(x) {
  const v = (100 * x).toFixed(1);
  return (x > 0 ? "+" : x < 0 ? "" : "±") + v + " pp";
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// JSON text of a request. Seeds run to 2^64 - 1, past the integers a
// JavaScript number holds exactly, so the seed is kept as its digits and
// written into the text as a bare number.
function requestText(body) {
  return JSON.stringify(body, (k, v) => (k === "seed" && typeof v === "string" ? `@seed@${v}` : v))
    .replace(/"@seed@(\d+)"/, "$1");
}

async function api(path, body, signal) {
  const init = body === undefined ? { signal } : {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: requestText(body),
    signal,
  };
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { data = null; }
  if (!response.ok) {
    const message = data && data.error ? data.error : `${response.status} ${response.statusText}`;
    throw Object.assign(new Error(message), { status: response.status });
  }
  return data === null ? text : data;
}

function setStatus(kind, text) {
  const s = $("status");
  s.dataset.state = kind;
  s.textContent = text;
  $("results").classList.toggle("busy-dim", kind === "busy");
  // Whatever ended the work (a result, an error, a new scenario), the bar
  // of a run goes with it.
  if (kind !== "busy") $("bar").hidden = true;
}

function showError(message) {
  const e = $("error");
  e.hidden = !message;
  e.textContent = message || "";
}

// The request the controls describe.
function request() {
  const set = {};
  for (const lever of state.levers) {
    const input = $(lever.id);
    if (input.value.trim() === "") continue;
    const v = Number(input.value);
    if (!Number.isFinite(v)) continue;
    if (v !== lever.value) set[lever.key] = v;
  }
  const ask = {
    scenario: state.scenario,
    set,
    trials: Number($("trials").value) || 1,
    seed: /^\d+$/.test($("seed").value.trim()) ? $("seed").value.trim() : "0",
  };
  if ($("central").checked) ask.central_drivers = true;
  return ask;
}

function runRequest() {
  const ask = request();
  const given = $("given").value.trim();
  if (given) ask.given = given;
  const asOf = $("asof").value;
  if (asOf) ask.as_of = asOf;
  ask.compare = $("compare").checked && Object.keys(ask.set).length > 0;
  return ask;
}

function markChanged() {
  let n = 0;
  for (const lever of state.levers) {
    const input = $(lever.id);
    const changed = input.value.trim() !== "" && Number(input.value) !== lever.value;
    input.closest(".lever").classList.toggle("changed", changed);
    if (changed) n += 1;
  }
  $("changed-count").textContent = n === 0 ? "No lever changed." : n === 1 ? "1 lever changed." : `${n} levers changed.`;
}

function schedule() {
  markChanged();
  clearTimeout(state.timer);
  state.timer = setTimeout(run, DEBOUNCE_MS);
}

async function run() {
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const ask = runRequest();
  const ticket = `run-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const started = performance.now();
  let played = 0;
  // A comparison plays every trial twice (the changed scenario and the
  // unchanged one); a forecast as of a date may stop before the cap.
  const expected = ask.trials * (ask.compare ? 2 : 1);
  const bar = $("bar");
  bar.value = 0;
  bar.hidden = false;
  setStatus("busy", `Running ${ask.trials.toLocaleString("en")} trials…`);
  const tick = setInterval(async () => {
    if (state.controller !== controller) return;
    try {
      const p = await api(`/api/progress?ticket=${ticket}`);
      played = Math.max(played, p.done);
    } catch (_) { /* not started yet, or finished */ }
    if (state.controller === controller) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const share = Math.min(1, played / expected);
      bar.value = share;
      setStatus("busy", `Running ${ask.trials.toLocaleString("en")} trials… ${Math.round(100 * share)} %, ${seconds} s`);
    }
  }, 250);
  try {
    const data = await api("/api/run", Object.assign({ ticket }, ask), controller.signal);
    if (state.controller !== controller) return;
    showError("");
    render(data, ask);
    state.runs += 1;
    $("status").dataset.request = JSON.stringify(ask);
    $("status").dataset.runs = String(state.runs);
    setStatus("done", `Done: ${data.summary.trials.toLocaleString("en")} trials, seed ${data.summary.seed}, in ${(data.elapsed_ms / 1000).toFixed(1)} s.`);
  } catch (e) {
    if (e.name === "AbortError") return;
    if (state.controller !== controller) return;
    showError(e.message);
    setStatus("error", "The server refused these settings: see the message above.");
  } finally {
    clearInterval(tick);
    if (state.controller === controller) bar.hidden = true;
  }
}

function render(data, ask) {
  const s = data.summary;
  $("run-meta").textContent =
    `${s.scenario} (${s.file}), ${s.start} to ${s.horizon}, ${s.trials.toLocaleString("en")} trials, seed ${s.seed}` +
    (s.overrides.length ? `, with ${s.overrides.join(", ")}` : ", as the scenario file is") +
    (s.central_drivers ? ", drivers at their central values." : ".");
  const diffs = {};
  if (data.compare) {
    for (const row of data.compare.comparison.rows) if (row.number) diffs[row.number] = row;
  }
  $("delta-head").textContent = data.compare ? "Change (95 % CI)" : "Change";
  const body = $("outcomes").tBodies[0];
  body.replaceChildren();
  for (const o of s.outcomes) {
    const d = diffs[o.number];
    const change = d ? `${pp(d.diff)} [${pp(d.ci95[0])}, ${pp(d.ci95[1])}]` : "";
    const tr = el("tr", { "data-outcome": o.id, "data-probability": String(o.probability) },
      el("td", { class: "num", text: String(o.number) }),
      el("td", { text: o.title }),
      el("td", { class: "num", text: pct(o.published, 0) }),
      el("td", { class: "num sim", text: pct(o.probability, 2) }),
      el("td", { class: "num", text: `${pct(o.ci95[0])} – ${pct(o.ci95[1])}` }),
      el("td", { class: "num" + (d && d.excludes_zero ? (d.diff > 0 ? " up" : " down") : ""), text: change }));
    body.append(tr);
  }
  for (const [name, f] of [["military (1-4)", s.families.military], ["negotiated (5-7)", s.families.negotiated]]) {
    body.append(el("tr", { class: "family" },
      el("td", {}), el("td", { text: name }),
      el("td", { class: "num", text: pct(f.published, 0) }),
      el("td", { class: "num", text: pct(f.probability, 2) }),
      el("td", { class: "num", text: `${pct(f.ci95[0])} – ${pct(f.ci95[1])}` }),
      el("td", {})));
  }
  const figures = [
    ["Ceasefire signed by the horizon", pct(s.ceasefire.signed)],
    ["In force at the horizon", pct(s.ceasefire.in_force)],
    ["Signed, then collapsed", pct(s.ceasefire.collapsed)],
    ["Median signing date (signed trials)", s.signing ? s.signing.p50 : "none signed"],
    ["Meetings per trial", `${s.meetings.per_trial.toFixed(1)} (10-90 %: ${s.meetings.p10}-${s.meetings.p90})`],
    ["Declared truces per trial", s.truces.per_trial.toFixed(2)],
    ["Trials with a truce", pct(s.truces.trials_with_truce)],
    ["US left the talks", pct(s.ceasefire.us_left)],
  ];
  const dl = $("keyfigures");
  dl.replaceChildren(...figures.map(([k, v]) => el("div", {}, el("dt", { text: k }), el("dd", { text: v }))));
  $("figures").innerHTML = data.figures.join("\n");
  const g = s.given;
  $("given-section").hidden = !g;
  if (g) {
    const parts = [el("p", {
      text: `${g.accepted.toLocaleString("en")} of ${g.drawn.toLocaleString("en")} trials match ${g.expression} ` +
        `(${pct(g.share, 2)}, 95 % ${pct(g.share_ci95[0], 2)} – ${pct(g.share_ci95[1], 2)}).`,
    })];
    if (s.as_of) {
      parts.unshift(el("p", {
        text: `Forecast as of ${s.as_of.date}: only the trials that agree with the dated record to that day ` +
          `(${s.as_of.conditions.length} conditions, from the record that ends ${s.as_of.record_end}).`,
      }));
    }
    if (g.warning) parts.push(el("p", { class: "error", text: g.warning }));
    if (g.summary) {
      const t = el("table", { id: "given-outcomes" },
        el("caption", { text: "Outcomes among the matching trials, beside all trials." }),
        el("thead", {}, el("tr", {}, el("th", { text: "Outcome" }), el("th", { class: "num", text: "All trials" }),
          el("th", { class: "num", text: "Given the evidence" }))));
      const tb = el("tbody");
      g.summary.outcomes.forEach((o, i) => tb.append(el("tr", {}, el("td", { text: `${o.number}. ${o.title}` }),
        el("td", { class: "num", text: pct(s.outcomes[i].probability, 2) }),
        el("td", { class: "num", text: pct(o.probability, 2) }))));
      t.append(tb);
      parts.push(el("div", { class: "table-wrap" }, t));
    }
    $("given-body").replaceChildren(...parts);
  }
  $("compare-section").hidden = !data.compare;
  if (data.compare) $("compare-body").innerHTML = data.compare.figures.join("\n");
}

function buildLevers(levers) {
  const root = $("levers");
  root.replaceChildren();
  const groups = new Map();
  levers.forEach((lever, i) => {
    lever.id = `lever-${i}`;
    if (!groups.has(lever.group)) groups.set(lever.group, []);
    groups.get(lever.group).push(lever);
  });
  for (const [group, list] of groups) {
    const details = el("details", { "data-group": group }, el("summary", { text: `${group} (${list.length})` }));
    if (["russia", "us", "war", "drivers"].includes(group)) details.open = true;
    for (const lever of list) {
      const step = lever.hi - lever.lo > 10 ? "1" : "any";
      const number = el("input", {
        id: lever.id, type: "number", min: String(lever.lo), max: String(lever.hi), step, value: String(lever.value),
        "data-key": lever.key, "aria-describedby": `${lever.id}-doc`,
      });
      const slider = el("input", {
        type: "range", min: String(lever.lo), max: String(lever.hi), step: String((lever.hi - lever.lo) / 200),
        value: String(lever.value), "aria-label": `${lever.key} (slider)`, "aria-describedby": `${lever.id}-doc`,
      });
      number.addEventListener("input", () => { slider.value = number.value; schedule(); });
      number.addEventListener("change", schedule);
      slider.addEventListener("input", () => { number.value = slider.value; schedule(); });
      const unit = lever.unit ? `${lever.unit}; ` : "";
      const doc = `${lever.meaning || "a numeric value of the scenario"} (${unit}${lever.lo} to ${lever.hi}; scenario: ${lever.value})`;
      details.append(el("div", { class: "lever", "data-key": lever.key },
        el("label", { for: lever.id, text: lever.key }),
        el("div", { class: "row" }, number, slider),
        el("p", { class: "doc", id: `${lever.id}-doc`, text: doc })));
    }
    root.append(details);
  }
  markChanged();
}

function filterLevers() {
  const q = $("filter").value.trim().toLowerCase();
  for (const details of $("levers").querySelectorAll("details")) {
    let shown = 0;
    for (const row of details.querySelectorAll(".lever")) {
      const hit = !q || row.textContent.toLowerCase().includes(q);
      row.hidden = !hit;
      if (hit) shown += 1;
    }
    details.hidden = shown === 0;
    if (q && shown > 0) details.open = true;
  }
}

async function loadScenario(id) {
  state.scenario = id;
  setStatus("busy", "Loading the scenario…");
  try {
    const data = await api(`/api/levers?scenario=${encodeURIComponent(id)}`);
    state.levers = data.levers;
    state.defaultSeed = data.seed;
    $("seed").value = String(data.seed);
    $("description").textContent = data.description;
    buildLevers(data.levers);
    filterLevers();
    await run();
  } catch (e) {
    showError(e.message);
    setStatus("error", "The scenario could not be loaded.");
  }
}

async function download(format) {
  const ask = format === "toml" ? request() : runRequest();
  delete ask.compare;
  if (format === "toml") delete ask.central_drivers;
  try {
    const response = await fetch(`/api/download/${format}`, {
      method: "POST", headers: { "content-type": "application/json" }, body: requestText(ask),
    });
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      throw new Error(data.error || `${response.status}`);
    }
    const blob = await response.blob();
    const a = el("a", { href: URL.createObjectURL(blob), download: `${state.scenario}-edited.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (e) {
    showError(e.message);
  }
}

async function tornado() {
  const ask = request();
  ask.target = $("target").value;
  ask.trials = Number($("tornado-trials").value) || 2000;
  const button = $("tornado-run");
  button.disabled = true;
  $("tornado").replaceChildren(el("p", { role: "status", text: "Drawing the tornado (two runs per parameter)…" }));
  try {
    const data = await api("/api/sensitivity", ask);
    $("tornado").innerHTML = data.svg;
  } catch (e) {
    $("tornado").replaceChildren(el("pre", { class: "error", text: e.message }));
  } finally {
    button.disabled = false;
  }
}

async function story() {
  const ask = request();
  ask.trial = Number($("trial").value) || 0;
  delete ask.trials;
  const list = $("trace");
  list.replaceChildren(el("li", { text: "Playing the trial…" }));
  try {
    const data = await api("/api/trace", ask);
    list.replaceChildren(...data.lines.filter((l) => l.trim() !== "").map((l) => el("li", { text: l })));
  } catch (e) {
    list.replaceChildren(el("li", { class: "error", text: e.message }));
  }
}

async function start() {
  for (const id of ["trials", "seed", "compare", "central"]) $(id).addEventListener("change", schedule);
  $("given").addEventListener("change", schedule);
  $("asof").addEventListener("change", schedule);
  $("given").addEventListener("keydown", (e) => { if (e.key === "Enter") schedule(); });
  $("scenario").addEventListener("change", () => loadScenario($("scenario").value));
  $("filter").addEventListener("input", filterLevers);
  $("rerun").addEventListener("click", run);
  $("reset").addEventListener("click", () => {
    for (const lever of state.levers) {
      const input = $(lever.id);
      input.value = String(lever.value);
      input.nextElementSibling.value = String(lever.value);
    }
    schedule();
  });
  $("dl-toml").addEventListener("click", () => download("toml"));
  $("dl-json").addEventListener("click", () => download("json"));
  $("dl-csv").addEventListener("click", () => download("csv"));
  $("tornado-run").addEventListener("click", tornado);
  $("trace-run").addEventListener("click", story);
  try {
    const data = await api("/api/scenarios");
    $("trials").max = String(data.max_trials);
    const select = $("scenario");
    for (const s of data.scenarios) {
      select.append(el("option", { value: s.id, text: `${s.name || s.id} (${s.origin})` }));
    }
    await loadScenario(select.value);
  } catch (e) {
    showError(e.message);
    setStatus("error", "The server did not answer.");
  }
}

document.addEventListener("DOMContentLoaded", start);
