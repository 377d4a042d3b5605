// The milestones card: chamber federations by origin (GET /chambers), the federations founded in
// the last three calendar years (GET /founded) and the first federation of each domain and kind in
// the region (GET /firsts), each on the page's region and clocks, codes shown as names.
"use strict";

(function () {
  const X = window.NJ_EXTRA;
  const $ = (id) => document.getElementById(id);
  const WORDS = window.NJ_WORDS.milestones; // { zh, en }: words/zh.json and words/en.json
  let shown = null; // { chambers, founded, firsts, from, to } or { error }

  const { number, sep, lang } = X;
  const w = X.words(WORDS);
  const colon = () => (lang() === "en" ? ": " : "：");
  const origin = (code) => (code === "not_recorded" ? w("not_recorded") : X.label(code));

  function render() {
    const out = $("milestones-body");
    if (!out) return;
    if (!shown) return out.replaceChildren();
    if (shown.error) return out.replaceChildren(X.el("p", { class: "error", role: "alert" }, w("failed", { message: shown.error })));
    const { chambers, founded, firsts } = shown;
    const origins = Object.entries(chambers.by_origin).filter(([, n]) => n > 0).map(([code, n]) => `${origin(code)} ${number(n)}`);
    const years = Object.entries(founded.by_year).map(([year, n]) => `${w("year", { year })} ${number(n)}`);
    // every first (a domain and a kind each: a few dozen at most), in the list's scrolling box
    const items = firsts.items.map((item) => X.el("li", { "data-id": item.federation_id },
      w("first", { domain: X.label(item.domain), kind: X.label(item.kind), name: item.name, day: item.founded_on }),
      item.standing ? "" : X.el("span", { class: "muted" }, " · " + w("dissolved"))));
    out.replaceChildren(
      X.el("p", { "data-testid": "chambers" }, X.el("strong", {}, w("chambers", { count: number(chambers.total) })),
        origins.length ? colon() + origins.join(sep()) : ""),
      X.el("p", { "data-testid": "founded" },
        X.el("strong", {}, w("founded", { from: shown.from, to: shown.to, count: number(founded.total), standing: number(founded.standing) })),
        years.length ? colon() + years.join(sep()) : ""),
      X.el("h3", {}, w("firsts")),
      items.length ? X.el("ul", { class: "found", "data-testid": "firsts" }, ...items) : X.el("p", { class: "muted" }, w("none")),
    );
  }

  async function load() {
    const params = Object.assign({ region: X.state().region || undefined }, X.clocks());
    const to = Number((X.state().asOf || new Date().toISOString()).slice(0, 4));
    const from = to - 2;
    try {
      const [chambers, founded, firsts] = await Promise.all([
        X.json("/chambers", Object.assign({ limit: 0 }, params)),
        X.json("/founded", Object.assign({ founded_from: `${from}-01-01`, founded_to: `${to}-12-31` }, params)),
        X.json("/firsts", params),
      ]);
      shown = { chambers, founded, firsts, from, to };
    } catch (error) {
      shown = { error: error.message };
    }
    render();
  }

  function install() {
    const grid = document.querySelector("main .grid");
    if (!grid || $("milestones")) return;
    const title = X.el("h2", {});
    const card = X.el("div", { class: "card", id: "milestones", "data-testid": "milestones" },
      title, X.el("div", { id: "milestones-body" }));
    const tree = $("tree") && $("tree").closest(".card");
    if (tree) tree.after(card); else grid.append(card);
    X.onLanguage(() => { title.textContent = w("title"); render(); });
    new MutationObserver(() => { if (document.body.dataset.state === "ready") load(); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-state"] });
    if (document.body.dataset.state === "ready") load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install); else install();
})();
