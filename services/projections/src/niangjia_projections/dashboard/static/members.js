// The members card: executive members serving and their "one member, one deed" projects, counted
// for every reader (GET /members/report: counts only, no name); and finding a member by a part of
// her name (GET /members?name=), which the service answers only for the admin and recorders of the
// member's region: a reporter is told so and sees no name. Each search is recorded as a read.
"use strict";

(function () {
  const X = window.NJ_EXTRA;
  const $ = (id) => document.getElementById(id);
  const WORDS = window.NJ_WORDS.members; // { zh, en }: words/zh.json and words/en.json
  let report = null; // the counts shown
  let found = null; // { name, total, count, items } or { refused: true } or { error }

  const { number, sep, lang } = X;
  const w = X.words(WORDS);

  function renderReport() {
    const out = $("members-report");
    if (!out) return;
    if (!report) return out.replaceChildren();
    if (report.error) return out.replaceChildren(X.el("p", { class: "error", role: "alert" }, w("failed", { message: report.error })));
    const roles = Object.entries(report.by_role).map(([code, n]) => `${X.label(code)} ${number(n)}`).join(sep());
    const p = report.projects;
    const areas = Object.entries(p.by_service_area)
      .map(([code, s]) => `${X.label(code)} ${number(s.pledged + s.completed)}`).join(sep());
    const colon = lang() === "en" ? ": " : "：";
    const serving = report.members ? w("serving", { count: number(report.members) }) : w("none");
    const projects = w("projects", { count: number(p.projects), completed: number(p.completed), areas: number(p.service_areas) });
    out.replaceChildren(
      X.el("p", {}, X.el("strong", {}, serving), roles ? colon + roles : ""),
      X.el("p", {}, projects, areas ? colon + areas : ""),
    );
  }

  function member(item) {
    const region = item.region.split("/").slice(-2).join(" ");
    const days = [w("appointed", { day: item.appointed_on }), item.left_on ? w("left", { day: item.left_on }) : ""].filter(Boolean).join(" · ");
    const parts = [item.role ? X.label(item.role) : "", item.mobile || "", item.federation_id, region, days].filter(Boolean);
    return X.el("li", { "data-id": item.member_id }, X.el("strong", {}, item.name), " ", X.el("span", { class: "muted" }, parts.join(" · ")));
  }

  function renderFound() {
    const out = $("member-results");
    if (!out) return;
    if (!found) return out.replaceChildren();
    if (found.refused) return out.replaceChildren(X.el("p", { class: "error", role: "alert", "data-testid": "member-refused" }, w("refused")));
    if (found.error) return out.replaceChildren(X.el("p", { class: "error", role: "alert" }, w("failed", { message: found.error })));
    const head = found.total ? w("found", { name: found.name, total: number(found.total) }) : w("found.none", { name: found.name });
    const more = found.total > found.count ? [X.el("p", { class: "muted note" }, w("found.more", { count: found.count }))] : [];
    out.replaceChildren(X.el("p", { class: "muted" }, head), X.el("ul", { class: "found" }, ...found.items.map(member)), ...more);
  }

  async function loadReport() {
    try {
      report = await X.json("/members/report", Object.assign({ region: X.state().region || undefined, region_depth: 1 }, X.clocks()));
    } catch (error) {
      report = { error: error.message };
    }
    renderReport();
  }

  async function search() {
    const name = $("member-name").value.trim();
    if (!name) return;
    try {
      found = await X.json("/members", { name, region: X.state().region || undefined, limit: 50 });
    } catch (error) {
      found = error.status === 403 ? { refused: true } : { error: error.message };
    }
    renderFound();
  }

  // The chairs' contact directory (GET /members/directory.xlsx): names and numbers, so for the admin
  // and recorders of the region only; each export is recorded as a read of each chair.
  async function exportDirectory(note) {
    note.className = "export-note muted";
    note.textContent = X.tr("export.busy");
    try {
      const params = Object.assign({ region: X.state().region || undefined, lang: lang() === "en" ? "en" : "zh" }, X.clocks());
      const response = await X.request("/members/directory.xlsx", params);
      const file = "chairs-directory.xlsx";
      X.save(await response.blob(), file);
      note.textContent = X.tr("export.done", { file, position: response.headers.get("X-Log-Position") || "–" });
    } catch (error) {
      note.className = "export-note error";
      note.textContent = error.status === 403 ? w("directory.refused") : w("failed", { message: error.message });
    }
  }

  function install() {
    const grid = document.querySelector("main .grid");
    if (!grid || $("members")) return;
    const title = X.el("h2", {});
    const searchTitle = X.el("h3", {});
    const input = X.el("input", { id: "member-name", type: "search", "data-testid": "member-name" });
    const button = X.el("button", { type: "submit" });
    const note = X.el("p", { class: "muted note" });
    const form = X.el("form", { id: "member-form", class: "inline", onsubmit: (e) => { e.preventDefault(); search(); } }, input, button);
    const directoryTitle = X.el("h3", {});
    const directoryNote = X.el("p", { class: "muted note" });
    const directoryStatus = X.el("span", { class: "export-note muted", role: "status", "data-testid": "directory-note" });
    const directoryButton = X.el("button", { type: "button", class: "ghost small", "data-testid": "directory-export", onclick: () => exportDirectory(directoryStatus) });
    const card = X.el("div", { class: "card wide", id: "members", "data-testid": "members" },
      title, X.el("div", { id: "members-report", "data-testid": "members-report" }), searchTitle, form, note,
      X.el("div", { id: "member-results", "data-testid": "member-results" }),
      directoryTitle, X.el("div", { class: "directory-export no-print" }, directoryButton, directoryStatus), directoryNote);
    const find = $("find");
    if (find) find.after(card); else grid.prepend(card);
    X.onLanguage(() => {
      title.textContent = w("title");
      searchTitle.textContent = w("search.title");
      input.placeholder = w("placeholder");
      button.textContent = w("submit");
      note.textContent = w("note");
      directoryTitle.textContent = w("directory.title");
      directoryButton.textContent = w("directory.export");
      directoryNote.textContent = w("directory.note");
      renderReport();
      renderFound();
    });
    // the report follows the page's region and clocks; a search made under another region goes
    new MutationObserver(() => {
      const now = document.body.dataset.state;
      if (now === "loading" && found) { found = null; renderFound(); }
      if (now === "ready") loadReport();
    }).observe(document.body, { attributes: true, attributeFilter: ["data-state"] });
    if (document.body.dataset.state === "ready") loadReport();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install); else install();
})();
