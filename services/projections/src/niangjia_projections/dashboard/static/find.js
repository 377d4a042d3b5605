// Find an organisation by name: a search box over GET /organisations (the token's region, the
// region chosen above); each result opens its audit timeline, a federation also its "1+N" tree.
"use strict";

(function () {
  const X = window.NJ_EXTRA;
  const $ = (id) => document.getElementById(id);
  let last = null; // { name, items, next_after, total }

  function open(formId, inputId, value) {
    $(inputId).value = value;
    $(formId).requestSubmit();
    $(inputId).closest(".card").scrollIntoView({ block: "start" });
  }

  function row(item) {
    const region = item.region.split("/").slice(-2).join(" ");
    const kind = item.org_type === "micro_home" ? X.label("micro_home") : X.label(item.domain || item.org_type);
    const links = [X.el("a", { href: "#", class: "id", onclick: (e) => { e.preventDefault(); open("audit-form", "audit-id", item.org_id); } }, X.tr("find.timeline"))];
    if (item.org_type === "federation") {
      links.push(" · ", X.el("a", { href: "#", class: "id", onclick: (e) => { e.preventDefault(); open("tree-form", "tree-id", item.org_id); } }, X.tr("find.tree")));
    }
    const ended = item.ended_on ? X.el("span", { class: "badge dissolved" }, X.label(item.org_type === "micro_home" ? "closed" : "dissolved")) : "";
    return X.el("li", { "data-id": item.org_id },
      X.el("strong", {}, item.name), " ", X.el("span", { class: "muted" }, `${kind} · ${region} · ${item.org_id}`), " ", ended, " ", ...links);
  }

  function render() {
    const out = $("find-results");
    if (!out || !last) return;
    const head = last.total ? X.tr("find.count", { name: last.name, total: last.total }) : X.tr("find.none", { name: last.name });
    const more = last.next_after
      ? [X.el("button", { type: "button", class: "ghost small", id: "find-more", onclick: () => search(last.next_after).catch(fail) }, X.tr("find.more"))]
      : [];
    out.replaceChildren(X.el("p", { class: "muted" }, head), X.el("ul", { class: "found" }, ...last.items.map(row)), ...more);
  }

  function fail(error) {
    $("find-results").replaceChildren(X.el("p", { class: "error", role: "alert" }, X.tr("error", { message: error.message })));
  }

  async function search(after) {
    const name = $("find-name").value.trim();
    if (!name) return;
    const page = await X.json("/organisations", { name, region: X.state().region || undefined, after: after || undefined, limit: 20 });
    last = after && last && last.name === name
      ? Object.assign(page, { items: last.items.concat(page.items) })
      : page;
    render();
  }

  function install() {
    const grid = document.querySelector("main .grid");
    if (!grid || $("find")) return;
    const title = X.el("h2", {});
    const input = X.el("input", { id: "find-name", type: "search", "data-testid": "find-name" });
    const button = X.el("button", { type: "submit" });
    const hint = X.el("p", { class: "muted note" });
    const form = X.el("form", { id: "find-form", class: "inline", onsubmit: (e) => { e.preventDefault(); search().catch(fail); } }, input, button);
    grid.prepend(X.el("div", { class: "card wide", id: "find" }, title, form, hint, X.el("div", { id: "find-results", "data-testid": "find-results" })));
    X.onLanguage(() => {
      title.textContent = X.tr("find.title");
      input.placeholder = X.tr("find.placeholder");
      button.textContent = X.tr("find.submit");
      hint.textContent = X.tr("find.members");
      render();
    });
    // a new region or clock on the page: the results found under the old one go
    new MutationObserver(() => {
      if (document.body.dataset.state === "loading" && last) { last = null; $("find-results").replaceChildren(); }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-state"] });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install); else install();
})();
