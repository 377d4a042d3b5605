// The niangjia dashboard: plain JavaScript over the query API; charts by plotly.js.
"use strict";

(function () {
  const TOKEN_KEY = "niangjia.token";
  const LANG_KEY = "niangjia.lang";
  const FIRST_YEAR = 2017;
  const COLORS = ["#c2185b", "#f06292", "#8e24aa", "#5c6bc0", "#26a69a", "#ffa726", "#8d6e63", "#78909c",
    "#d4e157", "#29b6f6", "#ef5350", "#66bb6a", "#ab47bc"];

  const state = {
    lang: sessionStorage.getItem(LANG_KEY) || "zh",
    token: null,
    region: "",
    asOf: "",
    knownAt: "",
    campaignYear: 2024,
    generation: 0,
    data: {},
  };
  window.njState = state;

  const $ = (id) => document.getElementById(id);

  function tr(key, values) {
    const table = window.NJ_I18N[state.lang] || window.NJ_I18N.zh;
    let text = table[key] !== undefined ? table[key] : key;
    for (const [name, value] of Object.entries(values || {})) text = text.replaceAll("{" + name + "}", String(value));
    return text;
  }

  function label(code) {
    const labels = window.NJ_LABELS[state.lang] || window.NJ_LABELS.zh;
    return labels[code] || code;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
    return node;
  }

  // --- token ---------------------------------------------------------------------------------

  function takeTokenFromFragment() {
    const match = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
    state.token = sessionStorage.getItem(TOKEN_KEY);
  }

  class Unauthorised extends Error {}

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== "") query.append(name, value);
    }
    const url = path + (query.toString() ? "?" + query : "");
    const response = await fetch(url, { headers: { Authorization: "Bearer " + state.token } });
    if (response.status === 401) throw new Unauthorised();
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error((body.error && body.error.message) || response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function clocks() {
    const out = {};
    if (state.asOf) out.as_of = state.asOf;
    if (state.knownAt) out.known_at = new Date(state.knownAt).toISOString();
    return out;
  }

  function scoped(extra) {
    return Object.assign({ region: state.region || undefined }, clocks(), extra || {});
  }

  // --- static text ---------------------------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
    document.title = tr("title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = tr(node.dataset.i18n);
    $("lang-toggle").textContent = tr("lang.other");
    $("region").placeholder = tr("controls.all");
    const places = $("places");
    places.replaceChildren(
      el("button", { class: "chip" + (state.region ? "" : " active"), type: "button", onclick: () => pickRegion("") }, tr("controls.all")),
      ...window.NJ_PLACES.map((p) =>
        el("button", {
          class: "chip" + (state.region === p.region ? " active" : ""), type: "button", "data-region": p.region,
          onclick: () => pickRegion(p.region),
        }, p[state.lang] || p.zh)),
    );
    $("tree-quick").replaceChildren(
      ...window.NJ_TREES.map((t) =>
        el("button", { class: "chip", type: "button", onclick: () => { $("tree-id").value = t.id; loadTree(); } }, t[state.lang] || t.zh)),
    );
    $("clock-note").textContent = state.asOf || state.knownAt
      ? tr("clock.set", { as_of: state.asOf || tr("clock.today"), known_at: state.knownAt ? new Date(state.knownAt).toLocaleString() : tr("clock.latest") })
      : tr("clock.now");
  }

  function pickRegion(region) {
    state.region = region;
    $("region").value = region;
    refresh();
  }

  // --- views ---------------------------------------------------------------------------------

  const plotConfig = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  const baseLayout = () => ({
    margin: { l: 50, r: 20, t: 10, b: 40 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif", size: 12 },
    legend: { orientation: "h", y: -0.2 },
  });

  function sortedEntries(object) {
    return Object.entries(object || {}).sort((a, b) => b[1] - a[1]);
  }

  async function loadCounts() {
    const counts = await api("/counts", scoped());
    state.data.counts = counts;
    const fed = counts.federations;
    $("kpi-federations").textContent = fed.total.toLocaleString();
    $("kpi-micro-homes").textContent = counts.micro_homes.total.toLocaleString();
    $("kpi-covered").textContent = (fed.organisations_covered || 0).toLocaleString();
    $("kpi-executives").textContent = (fed.executive_members || 0).toLocaleString();
    $("kpi-dormant").textContent = ((fed.by_status || {}).dormant || 0).toLocaleString();
    const domains = sortedEntries(fed.by_domain).reverse();
    Plotly.react("chart-domain", [{
      type: "bar", orientation: "h",
      y: domains.map(([d]) => label(d)), x: domains.map(([, n]) => n),
      text: domains.map(([, n]) => String(n)), textposition: "auto",
      marker: { color: "#c2185b" }, hovertemplate: "%{y}: %{x}<extra></extra>",
      customdata: domains.map(([d]) => d),
    }], Object.assign(baseLayout(), { margin: { l: 20, r: 20, t: 10, b: 30 }, yaxis: { automargin: true }, height: Math.max(260, 26 * domains.length + 60) }), plotConfig);
    const sectors = sortedEntries(fed.by_sector);
    const levels = ["county", "town", "village", "grid"].map((l) => [l, (fed.by_level || {})[l] || 0]);
    Plotly.react("chart-sector", [
      {
        type: "pie", hole: 0.5, labels: sectors.map(([s]) => label(s)), values: sectors.map(([, n]) => n),
        domain: { x: [0, 0.48] }, textinfo: "label+value", marker: { colors: COLORS }, sort: false, name: "sector",
      },
      {
        type: "bar", x: levels.map(([l]) => label(l)), y: levels.map(([, n]) => n), xaxis: "x", yaxis: "y",
        marker: { color: "#8e24aa" }, text: levels.map(([, n]) => String(n)), textposition: "auto", name: "level",
      },
    ], Object.assign(baseLayout(), {
      showlegend: false, height: 300,
      xaxis: { domain: [0.6, 1] }, yaxis: { anchor: "x" },
    }), plotConfig);
    const datalist = $("regions");
    const regions = Object.keys(fed.by_region || {}).sort();
    datalist.replaceChildren(...regions.map((r) => el("option", { value: r })));
  }

  function quarterEnds(until) {
    const out = [];
    const last = new Date(until + "T00:00:00Z");
    for (let year = FIRST_YEAR; year <= last.getUTCFullYear(); year++) {
      for (const [q, end] of [[1, "03-31"], [2, "06-30"], [3, "09-30"], [4, "12-31"]]) {
        const day = `${year}-${end}`;
        if (day > until) {
          if (out.length === 0 || out[out.length - 1].day < until) out.push({ label: `${year} Q${q}`, day: until });
          return out;
        }
        out.push({ label: `${year} Q${q}`, day });
      }
    }
    return out;
  }

  async function loadCoverage() {
    // No series endpoint: the counts at each quarter's end (both clocks applied) give the series.
    const until = state.asOf || new Date().toISOString().slice(0, 10);
    const ends = quarterEnds(until);
    const known = clocks().known_at;
    const results = await Promise.all(ends.map((q) =>
      api("/counts", { region: state.region || undefined, as_of: q.day, known_at: known, group_by: "status" })));
    let start = results.findIndex((r) => r.ever_founded.federations + r.ever_founded.micro_homes > 0);
    if (start < 0) start = ends.length - 1;
    const labels = [], founded = [], dissolved = [], standing = [], homes = [];
    let prevTotal = 0, prevDissolved = 0;
    results.forEach((r, i) => {
      const total = r.ever_founded.federations;
      const gone = r.ended.federations;
      if (i >= start) {
        labels.push(ends[i].label);
        founded.push(total - prevTotal);
        dissolved.push(-(gone - prevDissolved));
        standing.push(r.federations.total);
        homes.push(r.micro_homes.total);
      }
      prevTotal = total;
      prevDissolved = gone;
    });
    state.data.coverage = { labels, founded, dissolved, standing, homes };
    Plotly.react("chart-coverage", [
      { type: "bar", name: tr("series.founded"), x: labels, y: founded, marker: { color: "#f06292" } },
      { type: "bar", name: tr("series.dissolved"), x: labels, y: dissolved, marker: { color: "#78909c" } },
      { type: "scatter", mode: "lines+markers", name: tr("series.cumulative"), x: labels, y: standing, yaxis: "y2", line: { color: "#c2185b", width: 3 } },
      { type: "scatter", mode: "lines", name: tr("series.micro_homes"), x: labels, y: homes, yaxis: "y2", line: { color: "#8e24aa", dash: "dot" } },
    ], Object.assign(baseLayout(), {
      barmode: "relative", height: 340,
      yaxis: { title: { text: tr("axis.count") } },
      yaxis2: { overlaying: "y", side: "right", rangemode: "tozero" },
      margin: { l: 50, r: 50, t: 10, b: 60 },
    }), plotConfig);
  }

  async function loadCampaign() {
    const report = await api(`/campaigns/${state.campaignYear}`, scoped());
    state.data.campaign = report;
    const quarters = report.quarters;
    const x = quarters.map((q) => `Q${q.quarter} ${label(q.theme)}`);
    Plotly.react("chart-campaign", [
      { type: "bar", name: tr("series.activities"), x, y: quarters.map((q) => q.activities), text: quarters.map((q) => String(q.activities)), textposition: "auto", marker: { color: ["#ec407a", "#29b6f6", "#ffa726", "#5c6bc0"] } },
      { type: "scatter", mode: "lines+markers", name: tr("series.goods"), x, y: quarters.map((q) => Number(q.goods_value_yuan)), yaxis: "y2", line: { color: "#8d6e63", width: 3 } },
      { type: "scatter", mode: "lines+markers", name: tr("series.people"), x, y: quarters.map((q) => q.people_served), yaxis: "y3", line: { color: "#26a69a", dash: "dot" } },
    ], Object.assign(baseLayout(), {
      height: 320,
      xaxis: { domain: [0, 0.88] },
      yaxis: { title: { text: tr("axis.count") } },
      yaxis2: { overlaying: "y", side: "right", title: { text: tr("axis.yuan") }, rangemode: "tozero" },
      yaxis3: { overlaying: "y", side: "right", position: 0.96, anchor: "free", rangemode: "tozero", showgrid: false },
      margin: { l: 50, r: 60, t: 10, b: 60 },
    }), plotConfig);
    const head = ["campaign.quarter", "campaign.theme", "campaign.activities", "campaign.people", "campaign.volunteers", "campaign.goods", "campaign.organisers", "campaign.coverage"];
    const share = (r) => !r.effective_coverage || r.effective_coverage.share === null ? "–" : (Number(r.effective_coverage.share) * 100).toFixed(1) + "%";
    const row = (name, theme, r) => el("tr", {}, ...[name, theme, r.activities, r.people_served, r.volunteers, r.goods_value_yuan, r.organisers ?? "–",
      share(r)].map((v) => el("td", {}, String(v))));
    $("campaign-table").replaceChildren(
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, tr(h))))),
      el("tbody", {}, ...quarters.map((q) => row(`Q${q.quarter}`, label(q.theme), q)), row("—", "", report.outside_campaigns), row(tr("campaign.total"), "", report.total)),
    );
  }

  function treeNode(node) {
    const badge = el("span", { class: "badge " + node.status }, label(node.status));
    const idLink = el("a", { href: "#", class: "id", onclick: (e) => { e.preventDefault(); showAudit(node.id); } }, node.id);
    const kind = node.type === "micro_home" ? label("micro_home") : label(node.domain);
    const head = el("span", { class: "node " + node.type }, el("strong", {}, node.name), " ", el("span", { class: "muted" }, kind), " ", badge, " ", idLink);
    const kids = node.children || [];
    if (!kids.length) return el("li", {}, head);
    const details = el("details", { open: "" }, el("summary", {}, head, el("span", { class: "muted" }, ` (1+${kids.length})`)), el("ul", {}, ...kids.map(treeNode)));
    return el("li", {}, details);
  }

  async function loadTree() {
    const id = $("tree-id").value.trim();
    if (!id) return;
    try {
      const tree = await api(`/federations/${encodeURIComponent(id)}/guided`, clocks());
      state.data.tree = tree;
      $("tree").replaceChildren(
        el("p", { class: "muted" }, tr("tree.summary", { federations: tree.direct.federations, micro_homes: tree.direct.micro_homes, all_f: tree.all.federations, all_m: tree.all.micro_homes })),
        el("ul", { class: "root" }, treeNode(tree)),
      );
    } catch (error) {
      if (error instanceof Unauthorised) throw error;
      state.data.tree = null;
      $("tree").replaceChildren(el("p", { class: "muted" }, error.status === 404 ? tr("tree.none") : tr("error", { message: error.message })));
    }
  }

  async function loadDormant() {
    const since = $("dormant-since").value || "2024-01-01";
    const result = await api("/dormant", { since, region: state.region || undefined, limit: 200 });
    state.data.dormant = result;
    const head = ["id", "dormant.name", "dormant.region", "dormant.opened", "dormant.last_activity", "dormant.last_inspection"];
    $("dormant-table").replaceChildren(
      el("caption", {}, tr("dormant.count", { count: result.total })),
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h === "id" ? "id" : tr(h))))),
      el("tbody", {}, ...result.items.map((item) => el("tr", {},
        el("td", {}, el("a", { href: "#", class: "id", onclick: (e) => { e.preventDefault(); showAudit(item.org_id); } }, item.org_id)),
        el("td", {}, item.name), el("td", {}, item.region.split("/").slice(-2).join("/")), el("td", {}, item.opened_on),
        el("td", {}, item.last_activity_on || "–"), el("td", {}, item.last_inspected_on || "–")))),
    );
  }

  function summarise(data) {
    if (!data || typeof data !== "object") return String(data ?? "");
    const skip = new Set(["federation_id", "micro_home_id", "activity_id"]);
    return Object.entries(data).filter(([k, v]) => v !== null && !skip.has(k))
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : label(String(v))}`).join(" · ");
  }

  function showAudit(id) {
    $("audit-id").value = id;
    loadAudit().catch(handle);
    $("audit").scrollIntoView({ behavior: "smooth", block: "center" });
  }

  async function loadAudit() {
    const id = $("audit-id").value.trim();
    if (!id) return;
    try {
      const result = await api(`/audit/entities/${encodeURIComponent(id)}`);
      state.data.audit = result;
      $("audit").replaceChildren(...result.items.map((item) => el("li", { class: "event " + item.event_type },
        el("div", { class: "when" },
          el("span", {}, `${tr("audit.occurred")} ${item.occurred_on || "–"}`),
          el("span", { class: "muted" }, `${tr("audit.recorded")} ${new Date(item.recorded_at).toLocaleString()}`)),
        el("div", { class: "what" }, el("strong", {}, label(item.event_type)), ` #${item.position} · ${tr("audit.by")} ${item.actor}`),
        el("div", { class: "data muted" }, summarise(item.data)))));
    } catch (error) {
      if (error instanceof Unauthorised) throw error;
      state.data.audit = null;
      $("audit").replaceChildren(el("li", { class: "muted" }, error.status === 404 ? tr("audit.none") : tr("error", { message: error.message })));
    }
  }

  // --- wiring --------------------------------------------------------------------------------

  function handle(error) {
    if (error instanceof Unauthorised) {
      sessionStorage.removeItem(TOKEN_KEY);
      state.token = null;
      showLogin(tr("login.failed"));
      return;
    }
    console.error(error);
    document.body.dataset.error = String(error.message || error);
  }

  async function refresh() {
    const generation = ++state.generation;
    document.body.dataset.state = "loading";
    applyLanguage();
    try {
      await Promise.all([loadCounts(), loadCoverage(), loadCampaign(), loadTree(), loadDormant(), loadAudit()]);
      if (generation === state.generation) document.body.dataset.state = "ready";
    } catch (error) {
      handle(error);
      if (generation === state.generation && !(error instanceof Unauthorised)) document.body.dataset.state = "error";
    }
  }

  function showLogin(message) {
    $("main").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    document.body.dataset.state = "login";
  }

  function showMain() {
    $("login").hidden = true;
    $("main").hidden = false;
    $("logout").hidden = false;
    refresh();
  }

  function init() {
    takeTokenFromFragment();
    const years = $("campaign-year");
    const thisYear = new Date().getFullYear();
    for (let y = thisYear; y >= FIRST_YEAR; y--) years.append(el("option", { value: String(y) }, String(y)));
    years.value = String(state.campaignYear);
    years.addEventListener("change", () => { state.campaignYear = Number(years.value); loadCampaign().catch(handle); });
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "en" ? "zh" : "en";
      sessionStorage.setItem(LANG_KEY, state.lang);
      if (state.token) refresh(); else applyLanguage();
    });
    $("logout").addEventListener("click", () => { sessionStorage.removeItem(TOKEN_KEY); state.token = null; showLogin(); });
    $("login-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const token = $("token-input").value.trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      state.token = token;
      $("token-input").value = "";
      showMain();
    });
    $("apply").addEventListener("click", () => {
      state.region = $("region").value.trim();
      state.asOf = $("as-of").value;
      state.knownAt = $("known-at").value;
      refresh();
    });
    $("reset").addEventListener("click", () => {
      for (const id of ["region", "as-of", "known-at"]) $(id).value = "";
      state.region = state.asOf = state.knownAt = "";
      refresh();
    });
    $("tree-form").addEventListener("submit", (e) => { e.preventDefault(); loadTree().catch(handle); });
    $("dormant-form").addEventListener("submit", (e) => { e.preventDefault(); loadDormant().catch(handle); });
    $("audit-form").addEventListener("submit", (e) => { e.preventDefault(); loadAudit().catch(handle); });
    applyLanguage();
    if (state.token) showMain(); else showLogin();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
