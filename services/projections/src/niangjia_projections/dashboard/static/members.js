// The members card: executive members serving and their "one member, one deed" projects, counted
// for every reader (GET /members/report: counts only, no name); and finding a member by a part of
// her name (GET /members?name=), which the service answers only for the admin and recorders of the
// member's region: a reporter is told so and sees no name. Each search is recorded as a read.
"use strict";

(function () {
  const X = window.NJ_EXTRA;
  const $ = (id) => document.getElementById(id);
  const WORDS = {
    zh: {
      title: "执委与“一执委一实事”", serving: "在任执委 {count} 人", none: "暂无执委",
      projects: "“一执委一实事”项目 {count} 个（已完成 {completed}），{areas} 个服务领域",
      "search.title": "按姓名查找执委", placeholder: "姓名中的几个字，如 晓燕", submit: "查找",
      note: "姓名与手机号加密保存，仅管理员和本地区录入员可按姓名查找；每次查找都会记入访问记录。",
      found: "姓名含“{name}”的执委：共 {total} 人", "found.none": "没有姓名含“{name}”的执委",
      "found.more": "只列出前 {count} 人", refused: "本令牌不能查看执委姓名，只显示人数（管理员和本地区录入员可以查找）。",
      appointed: "{day} 任职", left: "{day} 离任", failed: "出错了：{message}",
    },
    en: {
      title: "Executive members and “one member, one deed”", serving: "{count} executive members serving", none: "No executive member",
      projects: "{count} “one member, one deed” projects ({completed} completed) in {areas} service areas",
      "search.title": "Find a member by name", placeholder: "a few characters of the name, e.g. 晓燕", submit: "Find",
      note: "Names and numbers are sealed; only the admin and the region's recorders may look members up by name, and each search is recorded.",
      found: "Members whose name contains \u201c{name}\u201d: {total}", "found.none": "No member's name contains \u201c{name}\u201d",
      "found.more": "Only the first {count} are listed", refused: "This token may not see members' names: counts only (the admin and the region's recorders may search).",
      appointed: "appointed {day}", left: "left {day}", failed: "Something went wrong: {message}",
    },
  };
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

  function install() {
    const grid = document.querySelector("main .grid");
    if (!grid || $("members")) return;
    const title = X.el("h2", {});
    const searchTitle = X.el("h3", {});
    const input = X.el("input", { id: "member-name", type: "search", "data-testid": "member-name" });
    const button = X.el("button", { type: "submit" });
    const note = X.el("p", { class: "muted note" });
    const form = X.el("form", { id: "member-form", class: "inline", onsubmit: (e) => { e.preventDefault(); search(); } }, input, button);
    const card = X.el("div", { class: "card wide", id: "members", "data-testid": "members" },
      title, X.el("div", { id: "members-report", "data-testid": "members-report" }), searchTitle, form, note,
      X.el("div", { id: "member-results", "data-testid": "member-results" }));
    const find = $("find");
    if (find) find.after(card); else grid.prepend(card);
    X.onLanguage(() => {
      title.textContent = w("title");
      searchTitle.textContent = w("search.title");
      input.placeholder = w("placeholder");
      button.textContent = w("submit");
      note.textContent = w("note");
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
