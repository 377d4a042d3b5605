// The niangjia dashboard: plain JavaScript over the query API; charts by Apache ECharts.
"use strict";

(function () {
  const TOKEN_KEY = "niangjia.token";
  const LANG_KEY = "niangjia.lang";
  const FIRST_YEAR = 2017;
  const PICKER_LEVELS = 3;
  const TREE_LEVELS = 1; // a tree lists what a federation guides and hosts; each level below opens on demand
  const { int, money, percent, time, chinaInstant, el } = window.NJ_FMT;
  const CHARTS = window.NJ_CHARTS;

  const state = {
    lang: sessionStorage.getItem(LANG_KEY) || "zh",
    token: null,
    scope: undefined, // the token's region scope, as the service reports it (null: everywhere)
    me: null, // GET /me: the token's role, scope and what it may read (asked once per login)
    regions: {}, // the regions down to PICKER_LEVELS under the scope, with their federations
    byRegion: {}, // the regions one level under the region shown
    region: "",
    asOf: "",
    knownAt: "",
    campaignYear: null, // the year the campaign card shows
    campaignPicked: false, // until a year is picked, the latest with activities in the scope
    dormantSince: "", // the start of the dormant card's period of silence, once one is asked for
    generation: 0,
    data: {},
  };
  window.njState = state;
  window.njChart = CHARTS.data;

  const $ = (id) => document.getElementById(id);

  function tr(key, values) {
    const table = window.NJ_I18N[state.lang] || window.NJ_I18N.zh;
    return window.NJ_FMT.fill(table[key] !== undefined ? table[key] : key, values);
  }
  const label = (code) => (window.NJ_LABELS[state.lang] || window.NJ_LABELS.zh)[code] || code;
  const field = (name) => (window.NJ_FIELDS[state.lang] || window.NJ_FIELDS.zh)[name] || name;
  const ctx = () => ({ lang: state.lang, tr, label, field, fmt: window.NJ_FMT, fileName: "niangjia" });


  // --- token and link ------------------------------------------------------------------------

  function takeFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.get("token")) sessionStorage.setItem(TOKEN_KEY, params.get("token"));
    if (params.get("region")) state.region = params.get("region");
    if (params.get("lang") === "en" || params.get("lang") === "zh") state.lang = params.get("lang");
    // a link may set the business date too: a colleague sent the figures as they stood on a day
    if (/^\d{4}-\d{2}-\d{2}$/.test(params.get("as_of") || "")) state.asOf = params.get("as_of");
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
    state.token = sessionStorage.getItem(TOKEN_KEY);
  }

  class Unauthorised extends Error {}

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== "") query.append(name, value);
    }
    const url = path + (query.toString() ? "?" + query : "");
    const headers = { Authorization: "Bearer " + state.token, "Accept-Language": state.lang === "en" ? "en" : "zh-CN" };
    const response = await fetch(url, { headers });
    if (response.status === 401) throw new Unauthorised();
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error((body.error && body.error.message) || response.statusText);
      error.status = response.status;
      error.code = body.error && body.error.code;
      throw error;
    }
    return body;
  }

  const clocks = () => Object.assign({}, state.asOf ? { as_of: state.asOf } : {}, state.knownAt ? { known_at: chinaInstant(state.knownAt) } : {});
  const scoped = (extra) => Object.assign({ region: state.region || undefined }, clocks(), extra || {});

  // --- static text and controls --------------------------------------------------------------

  function pick(region) {
    state.region = region;
    refresh();
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
    document.title = tr("title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = tr(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = tr(node.dataset.i18nPlaceholder);
    $("lang-toggle").textContent = tr("lang.other");
    if (state.scope !== undefined) window.NJ_REGIONS.render({ state, el, tr, pick });
    const shown = state.region || state.scope || "";
    $("tree-quick").replaceChildren(...window.NJ_TREES
      .filter((t) => window.NJ_REGIONS.within(t.region, shown) || window.NJ_REGIONS.within(shown, t.region))
      .filter((t) => window.NJ_REGIONS.within(t.region, state.scope || ""))
      .map((t) => el("button", { class: "chip", type: "button", onclick: () => { $("tree-id").value = t.id; loadTree().catch(handle); } }, t[state.lang] || t.zh)));
    const trees = window.NJ_TREES.filter((t) => window.NJ_REGIONS.within(t.region, shown));
    if (trees.length && !$("tree-id").value) $("tree-id").value = trees[0].id;
    const knownAt = state.knownAt ? time(chinaInstant(state.knownAt), state.lang) : "";
    const clock = state.asOf ? (knownAt ? "clock.set" : "clock.as_of") : knownAt ? "clock.known_at" : "clock.now";
    $("clock-note").textContent = tr(clock, { as_of: state.asOf, known_at: knownAt });
  }

  function showError(message) {
    const banner = $("error-banner");
    banner.textContent = message;
    banner.hidden = !message;
  }

  // Before each load every figure goes blank, so a failed load never leaves another region's figures.
  function blank() {
    for (const id of ["kpi-federations", "kpi-micro-homes", "kpi-covered", "kpi-executives", "kpi-dormant"]) $(id).textContent = "–";
    for (const id of ["campaign-table", "dormant-table"]) $(id).replaceChildren();
    for (const id of ["chart-domain", "chart-sector", "chart-level", "chart-coverage", "chart-campaign"]) CHARTS.render(id, null, ctx());
    state.data = {};
  }

  // --- views ---------------------------------------------------------------------------------

  async function loadScope() {
    if (state.scope !== undefined) return;
    // what the token may open (the cards it may not are not asked for); the picker lists three
    // levels under the scope (a province's counties), deeper through the chips
    const [me, top] = await Promise.all([
      api("/me"),
      api("/counts", Object.assign(clocks(), { group_by: "region", region_depth: PICKER_LEVELS })),
    ]);
    state.me = me;
    state.scope = top.region || null;
    state.regions = top.federations.by_region || {};
  }

  async function loadCounts() {
    const counts = await api("/counts", scoped({ region_depth: 1 })); // by_region: the chips one level down
    state.data.counts = counts;
    state.byRegion = counts.federations.by_region || {};
    const fed = counts.federations;
    $("kpi-federations").textContent = int(fed.total, state.lang);
    $("kpi-micro-homes").textContent = int(counts.micro_homes.total, state.lang);
    $("kpi-covered").textContent = int(fed.organisations_covered, state.lang);
    $("kpi-executives").textContent = int(fed.executive_members, state.lang);
    // dormant organisations, federations and micro-homes, as the dormant card lists them
    const dormant = ((fed.by_status || {}).dormant || 0) + ((counts.micro_homes.by_status || {}).dormant || 0);
    $("kpi-dormant").textContent = int(dormant, state.lang);
    $("kpi-dormant-since").textContent = counts.dormant_since ? tr("kpi.dormant_since", { since: counts.dormant_since }) : "";
    CHARTS.render("chart-domain", CHARTS.domains(fed.by_domain, ctx()), ctx());
    CHARTS.render("chart-sector", CHARTS.sectors(fed.by_sector, ctx()), ctx());
    CHARTS.render("chart-level", CHARTS.levels(fed.by_level, ctx()), ctx());
  }

  async function loadCoverage() {
    // The counts at each quarter's end, both clocks applied, in one answer.
    const asOfYear = state.asOf ? Number(state.asOf.slice(0, 4)) : FIRST_YEAR;
    const report = await api("/counts/quarters", scoped({ from_year: Math.min(FIRST_YEAR, asOfYear) }));
    const points = report.quarters || [];
    let start = points.findIndex((p) => p.ever_founded.federations + p.ever_founded.micro_homes > 0);
    if (start < 0) start = points.length;
    const series = { labels: [], founded: [], dissolved: [], standing: [], homes: [] };
    let prevTotal = 0, prevDissolved = 0;
    points.forEach((p, i) => {
      const total = p.ever_founded.federations;
      const gone = p.ended.federations;
      if (i >= start) {
        series.labels.push(`${p.year} Q${p.quarter}`);
        series.founded.push(total - prevTotal);
        series.dissolved.push(prevDissolved - gone);  // below the axis; 0, not -0, in a quarter without any
        series.standing.push(p.standing.federations);
        series.homes.push(p.standing.micro_homes);
      }
      prevTotal = total;
      prevDissolved = gone;
    });
    state.data.coverage = series;
    drawCoverage();
    return start < points.length ? points[start].year : null; // the first year with an organisation
  }

  // The charts whose layout follows their width (the two-axis ones: their legend's rows, their
  // names' lines, the campaign's quarters named by number on a phone) are drawn again from what the
  // page holds once the window has stopped changing size (a phone turned sideways); the others are
  // resized.
  let redraw = null;
  function resized() {
    CHARTS.resizeAll();
    clearTimeout(redraw);
    redraw = setTimeout(() => {
      if (state.data.coverage) drawCoverage();
      if (state.data.campaign) drawCampaign();
    }, 150);
  }

  // The two-axis charts, drawn from what the page holds.
  function drawCoverage() { CHARTS.render("chart-coverage", CHARTS.coverage(state.data.coverage, ctx()), ctx()); }
  function drawCampaign() { CHARTS.render("chart-campaign", CHARTS.campaign(state.data.campaign, ctx()), ctx()); }

  async function loadCampaign(coverage) {
    const report = state.campaignPicked ? await api(`/campaigns/${state.campaignYear}`, scoped()) : await latestCampaign(coverage);
    state.data.campaign = report;
    drawCampaign();
    const head = ["campaign.quarter", "campaign.theme", "campaign.activities", "campaign.people", "campaign.volunteers", "campaign.goods", "campaign.organisers", "campaign.coverage"];
    const share = (r) => (r.effective_coverage && r.effective_coverage.share !== undefined ? percent(r.effective_coverage.share) : "–");
    const row = (name, theme, r) => el("tr", {}, ...[name, theme, int(r.activities, state.lang), int(r.people_served, state.lang),
      int(r.volunteers, state.lang), money(r.goods_value_yuan, state.lang), r.organisers === undefined ? "–" : int(r.organisers, state.lang), share(r)]
      .map((v, i) => el("td", { class: i > 1 ? "num" : "" }, String(v))));
    $("campaign-table").replaceChildren(
      el("thead", {}, el("tr", {}, ...head.map((h, i) => el("th", { class: i > 1 ? "num" : "" }, tr(h))))),
      el("tbody", {}, ...(report.quarters || []).map((q) => row(`Q${q.quarter}`, label(q.theme), q)), row(tr("campaign.outside"), "", report.outside_campaigns || {}), row(tr("campaign.total"), "", report.total || {})),
    );
  }

  // Until a year is picked, the card shows the latest year (up to as_of's) with activities in the
  // scope, and the year shown now when none has any. No year before the scope's first organisation
  // (`coverage`: the coverage's loading, which answers that year) can have any: the years are looked
  // back to it only.
  async function latestCampaign(coverage) {
    const last = state.asOf ? Number(state.asOf.slice(0, 4)) : new Date().getFullYear();
    const held = (report) => (report.total || {}).activities > 0;
    let shown = { year: last, report: await api(`/campaigns/${last}`, scoped()) };
    if (!held(shown.report)) {
      const first = coverage ? await coverage : FIRST_YEAR;
      for (let year = last - 1; first !== null && year >= Math.max(first, FIRST_YEAR); year--) {
        const report = await api(`/campaigns/${year}`, scoped());
        if (held(report)) { shown = { year, report }; break; }
      }
    }
    state.campaignYear = shown.year;
    $("campaign-year").value = String(shown.year);
    return shown.report;
  }

  function idLink(id) {
    return el("a", { href: "#", class: "id", onclick: (e) => { e.preventDefault(); showAudit(id); } }, id);
  }

  function treeNode(node) {
    const badge = el("span", { class: "badge " + node.status }, label(node.status));
    const kind = node.type === "micro_home" ? label("micro_home") : label(node.domain);
    const head = el("span", { class: "node " + node.type }, el("strong", {}, node.name), " ", el("span", { class: "muted" }, kind), " ", badge, " ", idLink(node.id));
    const kids = node.children || [];
    if (node.more) {
      const below = node.direct.federations + node.direct.micro_homes;
      const item = el("li", {}, head, " ");
      item.append(el("button", { type: "button", class: "chip more", "data-id": node.id, onclick: () => {
        api(`/federations/${encodeURIComponent(node.id)}/guided`, Object.assign(clocks(), { depth: TREE_LEVELS }))
          .then((subtree) => item.replaceWith(treeNode(subtree)))
          .catch((error) => item.replaceChildren(head, " ", el("span", { class: "error", role: "alert" }, cardError(error, "tree.none"))))
          .catch(handle);
      } }, tr("tree.more", { count: int(below, state.lang) })));
      return item;
    }
    if (!kids.length) return el("li", {}, head);
    return el("li", {}, el("details", { open: "" }, el("summary", {}, head, el("span", { class: "muted" }, ` (1+${kids.length})`)), el("ul", {}, ...kids.map(treeNode))));
  }

  function cardError(error, none) {
    if (error instanceof Unauthorised) throw error;
    if (error.status === 404) return tr(none);
    if (error.status === 403) return tr("error.forbidden", { message: error.message });
    return tr("error", { message: error.message });
  }

  async function loadTree() {
    const id = $("tree-id").value.trim();
    if (!id) { $("tree").replaceChildren(); return; }
    try {
      const tree = await api(`/federations/${encodeURIComponent(id)}/guided`, Object.assign(clocks(), { depth: TREE_LEVELS }));
      state.data.tree = tree;
      $("tree").replaceChildren(
        el("p", { class: "muted" }, tr("tree.summary", { federations: tree.direct.federations, micro_homes: tree.direct.micro_homes, all_f: tree.all.federations, all_m: tree.all.micro_homes })),
        el("ul", { class: "root" }, treeNode(tree)));
    } catch (error) {
      state.data.tree = null;
      $("tree").replaceChildren(el("p", { class: "error", role: "alert" }, cardError(error, "tree.none")));
    }
  }

  async function loadDormant() {
    // the period the counts use (the service's) until a start is asked for: one dormancy on the page
    const asked = state.dormantSince ? { since: state.dormantSince } : {};
    const result = await api("/dormant", scoped(Object.assign(asked, { limit: 200 })));
    state.data.dormant = result;
    $("dormant-since").value = result.since;
    // why each is dormant first (by an inspection's finding, or by silence), then what says so
    const head = ["dormant.id", "dormant.name", "dormant.by", "dormant.last_activity", "dormant.last_inspection", "dormant.region", "dormant.opened"];
    const reasons = Object.entries(result.by_reason || {}).filter(([, n]) => n > 0)
      .map(([why, n]) => `${label(why)} ${int(n, state.lang)}`).join(state.lang === "en" ? ", " : "、");
    const count = int(result.total, state.lang);
    $("dormant-table").replaceChildren(
      el("caption", {}, reasons ? tr("dormant.count_by", { count, reasons }) : tr("dormant.count", { count })),
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, tr(h))))),
      el("tbody", {}, ...result.items.map((item) => el("tr", {},
        el("td", {}, idLink(item.org_id)), el("td", {}, item.name), el("td", {}, label(item.dormant_by)),
        el("td", {}, item.last_activity_on || "–"), el("td", {}, item.last_inspected_on || "–"),
        el("td", {}, item.region.split("/").slice(-2).join(" ")), el("td", {}, item.opened_on)))));
  }

  function showAudit(id) {
    $("audit-id").value = id;
    loadAudit().catch(handle);
    $("audit").scrollIntoView({ block: "center" });
  }

  async function loadAudit() {
    const id = $("audit-id").value.trim();
    if (!id) { $("audit").replaceChildren(); return; }
    try {
      const result = await api(`/audit/entities/${encodeURIComponent(id)}`, clocks());
      state.data.audit = result;
      if (result.status === "not_yet_recorded") {
        $("audit").replaceChildren(el("li", { class: "muted" }, tr("audit.not_yet")));
        return;
      }
      const knownAt = state.knownAt ? new Date(chinaInstant(state.knownAt)) : null;
      const items = window.NJ_AUDIT.describe(result.items, ctx());
      $("audit").replaceChildren(...items.map((item, i) => {
        const later = knownAt && new Date(result.items[i].recorded_at) > knownAt;
        return el("li", { class: "event " + item.type + (later ? " later" : "") },
          el("div", { class: "what" }, el("strong", {}, item.text), later ? el("span", { class: "muted" }, " " + tr("audit.after_known")) : ""),
          ...(item.changes.length ? [el("ul", { class: "changes" }, ...item.changes.map((c) => el("li", {}, c)))] : []),
          ...(item.reason ? [el("div", { class: "reason" }, tr("audit.reason", { reason: item.reason }))] : []),
          el("div", { class: "when muted" },
            el("span", {}, tr("audit.business", { date: item.businessDate || "–" })),
            el("span", {}, tr("audit.who", { who: item.who })),
            el("span", {}, tr("audit.when", { when: item.recorded }))));
      }));
    } catch (error) {
      state.data.audit = null;
      const message = error.code === "forbidden" ? tr("error.audit_forbidden") : cardError(error, "audit.none");
      $("audit").replaceChildren(el("li", { class: "error", role: "alert" }, message));
    }
  }

  async function loadLedger() {
    if (state.me && !state.me.reads_ledger) {
      state.data.ledger = null;
      $("ledger").replaceChildren(el("dd", { class: "muted" }, tr("error.ledger_forbidden")));
      return;
    }
    try {
      const status = await api("/ledger/status");
      state.data.ledger = status;
      $("ledger").replaceChildren(...window.NJ_LEDGER.rows(status, ctx()).flatMap(([name, value, testid]) =>
        [el("dt", {}, name), el("dd", { "data-testid": testid }, value)]));
    } catch (error) {
      state.data.ledger = null;
      const message = error.status === 403 ? tr("error.ledger_forbidden") : cardError(error, "ledger.no_checkpoint");
      $("ledger").replaceChildren(el("dd", { class: "error", role: "alert" }, message));
    }
  }

  // --- wiring --------------------------------------------------------------------------------

  function handle(error) {
    if (error instanceof Unauthorised) {
      sessionStorage.removeItem(TOKEN_KEY);
      state.token = null;
      state.scope = undefined; state.me = null;
      showLogin(tr("login.failed"));
      return;
    }
    console.error(error);
    const region = state.region || state.scope || "";
    showError(tr("error.region", { region: window.NJ_REGIONS.name(region, tr("controls.all")), message: error.message }));
  }

  async function refresh() {
    const generation = ++state.generation;
    document.body.dataset.state = "loading";
    showError("");
    blank();
    try {
      await loadScope();
      if (generation !== state.generation) return;
      applyLanguage();
      const coverage = loadCoverage();
      await Promise.all([loadCounts(), coverage, loadCampaign(coverage), loadDormant()]);
      if (generation !== state.generation) return;
      applyLanguage();
      await Promise.all([loadTree(), loadAudit(), loadLedger()]);
      if (generation === state.generation) document.body.dataset.state = "ready";
    } catch (error) {
      if (generation !== state.generation) return;
      blank();
      applyLanguage();
      handle(error);
      if (!(error instanceof Unauthorised)) document.body.dataset.state = "error";
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
    takeFragment();
    $("as-of").value = state.asOf;
    const years = $("campaign-year");
    const thisYear = new Date().getFullYear();
    for (let y = thisYear; y >= FIRST_YEAR; y--) years.append(el("option", { value: String(y) }, String(y)));
    years.addEventListener("change", () => {
      state.campaignYear = Number(years.value);
      state.campaignPicked = true;
      loadCampaign().catch(handle);
    });
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "en" ? "zh" : "en";
      sessionStorage.setItem(LANG_KEY, state.lang);
      if (state.token) refresh(); else applyLanguage();
    });
    $("logout").addEventListener("click", () => { sessionStorage.removeItem(TOKEN_KEY); state.token = null; state.scope = undefined; state.me = null; showLogin(); });
    $("login-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const token = $("token-input").value.trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      state.token = token;
      $("token-input").value = "";
      showMain();
    });
    $("region").addEventListener("change", () => pick($("region").value));
    $("apply").addEventListener("click", () => { state.asOf = $("as-of").value; state.knownAt = $("known-at").value; refresh(); });
    $("reset").addEventListener("click", () => {
      for (const id of ["as-of", "known-at"]) $(id).value = "";
      state.region = state.asOf = state.knownAt = "";
      state.campaignPicked = false;
      state.dormantSince = "";
      refresh();
    });
    $("tree-form").addEventListener("submit", (e) => { e.preventDefault(); loadTree().catch(handle); });
    $("dormant-form").addEventListener("submit", (e) => {
      e.preventDefault();
      state.dormantSince = $("dormant-since").value;
      loadDormant().catch(handle);
    });
    $("audit-form").addEventListener("submit", (e) => { e.preventDefault(); loadAudit().catch(handle); });
    window.addEventListener("resize", resized);
    applyLanguage();
    if (state.token) showMain(); else showLogin();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
