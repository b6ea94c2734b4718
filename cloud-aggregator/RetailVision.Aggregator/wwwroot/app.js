// The dashboard: reads /api/stores, /api/stores/{id}/kpis and …/heatmap.png for the chosen store, camera and range,
// with the API token the user entered (kept in sessionStorage, so it leaves with the tab).
"use strict";

const $ = (id) => document.getElementById(id);
const tokenKey = "retailvision-api-token";
let stores = [];

function api(path) {
  const token = sessionStorage.getItem(tokenKey);
  return fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

function seconds(value) {
  if (value === null || value === undefined) return "–";
  if (value < 60) return `${value.toFixed(1)} s`;
  return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
}

function showMessage(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

// datetime-local holds local time without an offset; the API takes ISO 8601 instants.
function rangeQuery() {
  const params = new URLSearchParams();
  if ($("from").value) params.set("from", new Date($("from").value).toISOString());
  if ($("to").value) params.set("to", new Date($("to").value).toISOString());
  return params;
}

function toLocalInput(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 19);
}

function fillQuickRange(kind) {
  const now = new Date();
  if (kind === "all") {
    $("from").value = "";
    $("to").value = "";
  } else if (kind === "today") {
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    $("from").value = toLocalInput(midnight);
    $("to").value = "";
  } else if (kind === "7d") {
    $("from").value = toLocalInput(new Date(now.getTime() - 7 * 24 * 3600 * 1000));
    $("to").value = "";
  }
}

function setQuickRange(kind) {
  fillQuickRange(kind);
  refresh();
}

async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || response.statusText;
  } catch {
    return response.statusText;
  }
}

async function loadHealth() {
  const badge = $("health");
  try {
    const response = await api("health");
    const health = await response.json();
    // Counters come only with an admin token.
    const stored = health.counters ? ` · ${health.counters.stored} stored` : "";
    badge.textContent = health.status === "Healthy" ? `healthy${stored}` : health.status.toLowerCase();
    badge.className = `badge ${health.status === "Healthy" ? "ok" : "bad"}`;
  } catch {
    badge.textContent = "unreachable";
    badge.className = "badge bad";
  }
}

async function loadStores() {
  const response = await api("api/stores");
  if (!response.ok) {
    stores = [];
    $("store").replaceChildren(new Option("—", ""));
    showMessage(response.status === 401 ? `Enter an API token to see your stores (${await problemText(response)}).` : await problemText(response));
    return;
  }
  stores = await response.json();
  const select = $("store");
  select.replaceChildren(...stores.map((s) => new Option(s.storeId, s.storeId)));
  if (stores.length === 0) {
    select.append(new Option("no data yet", ""));
    showMessage("None of this token's stores has sent data yet.");
  }
  fillCameras();
}

function fillCameras() {
  const store = stores.find((s) => s.storeId === $("store").value);
  const cameras = store ? store.cameras.filter((c) => c.hasHeatmaps) : [];
  $("camera").replaceChildren(new Option("All cameras", ""), ...cameras.map((c) => new Option(c.cameraId, c.cameraId)));
}

function renderKpis(kpis) {
  $("total-visits").textContent = kpis.totals.visits;
  $("total-completed").textContent = kpis.totals.completedVisits;
  $("total-mean").textContent = seconds(kpis.totals.meanDwellSeconds);
  $("total-median").textContent = seconds(kpis.totals.medianDwellSeconds);

  renderLines(kpis.lines);
  const body = $("zones").tBodies[0];
  if (kpis.zones.length === 0) {
    body.innerHTML = '<tr><td colspan="7" class="empty">No visits in this range.</td></tr>';
    return;
  }
  const most = Math.max(...kpis.zones.map((z) => z.visits));
  body.replaceChildren(...kpis.zones.map((z) => {
    const row = document.createElement("tr");
    const cells = [z.cameraId, z.zoneId, z.visits, z.completedVisits, seconds(z.meanDwellSeconds), seconds(z.medianDwellSeconds),
      `${z.passBy} / ${z.browse} / ${z.engaged}`];
    cells.forEach((value, i) => {
      const cell = document.createElement("td");
      if (i >= 2) cell.className = "num";
      if (i === 2) {
        const bar = document.createElement("span");
        bar.className = "bar";
        bar.style.width = `${Math.round(60 * z.visits / most)}px`;
        cell.append(bar);
      }
      cell.append(String(value));
      row.append(cell);
    });
    return row;
  }));
}

function renderLines(lines) {
  const body = $("lines").tBodies[0];
  if (lines.length === 0) {
    body.innerHTML = '<tr><td colspan="4" class="empty">No crossings in this range.</td></tr>';
    return;
  }
  body.replaceChildren(...lines.map((l) => {
    const row = document.createElement("tr");
    [l.cameraId, l.lineId, l.in, l.out].forEach((value, i) => {
      const cell = document.createElement("td");
      if (i >= 2) cell.className = "num";
      cell.append(String(value));
      row.append(cell);
    });
    return row;
  }));
}

function clearKpis() {
  ["total-visits", "total-completed", "total-mean", "total-median"].forEach((id) => ($(id).textContent = "–"));
  $("zones").tBodies[0].innerHTML = '<tr><td colspan="7" class="empty">No data.</td></tr>';
  $("lines").tBodies[0].innerHTML = '<tr><td colspan="4" class="empty">No data.</td></tr>';
}

async function loadHeatmap(storeId) {
  const params = rangeQuery();
  if ($("camera").value) params.set("camera", $("camera").value);
  const response = await api(`api/stores/${encodeURIComponent(storeId)}/heatmap.png?${params}`);
  const image = $("heatmap");
  if (image.src.startsWith("blob:")) URL.revokeObjectURL(image.src);
  if (!response.ok) {
    image.hidden = true;
    $("heatmap-caption").textContent = await problemText(response);
    return;
  }
  image.src = URL.createObjectURL(await response.blob());
  image.hidden = false;
  const skipped = response.headers.get("X-Heatmap-Skipped-Snapshots");
  $("heatmap-caption").textContent = "Person-seconds per grid cell over the selected range (square-root scale up to the 99th percentile)."
    + (skipped ? ` ${skipped} snapshot(s) with another grid size were left out.` : "");
}

async function refresh() {
  const storeId = $("store").value;
  showMessage("");
  if (!storeId) return;
  const response = await api(`api/stores/${encodeURIComponent(storeId)}/kpis?${rangeQuery()}`);
  if (response.ok) renderKpis(await response.json());
  else {
    clearKpis();
    showMessage(await problemText(response));
  }
  await loadHeatmap(storeId);
  loadHealth();
}

$("filters").addEventListener("submit", (event) => {
  event.preventDefault();
  refresh();
});
$("store").addEventListener("change", () => {
  fillCameras();
  refresh();
});
document.querySelectorAll("[data-range]").forEach((button) => button.addEventListener("click", () => setQuickRange(button.dataset.range)));

// Today's figures are what a store manager opens the page for; "All time" stays one click away.
function start() {
  fillQuickRange("today");
  loadHealth();
  loadStores().then(refresh).catch((error) => showMessage(`Could not reach the aggregator: ${error}`));
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = $("token").value.trim();
  if (token) sessionStorage.setItem(tokenKey, token);
  else sessionStorage.removeItem(tokenKey);
  $("token").value = "";
  start();
});

start();
