// The region picker: the regions a token may see, starting at its scope. The scope is what the
// service answers for a query without a region (its `region` field), so the page never guesses it.
"use strict";

window.NJ_REGIONS = (function () {
  const depth = (path) => (path ? path.split("/").length : 0);
  const within = (path, outer) => !outer || path === outer || path.startsWith(outer + "/");

  function name(path, allText) {
    return path ? path.split("/").slice(-1)[0] : allText;
  }

  // From the scope down to `region`: the chips of a breadcrumb.
  function trail(scope, region) {
    const out = [scope || ""];
    if (!region || region === scope) return out;
    const parts = region.split("/");
    for (let i = depth(scope) + 1; i <= parts.length; i++) out.push(parts.slice(0, i).join("/"));
    return out;
  }

  // The regions one level under `region` among the counted ones.
  function children(byRegion, region) {
    const d = depth(region);
    return Object.keys(byRegion || {}).filter((p) => depth(p) === d + 1 && within(p, region)).sort();
  }

  // The regions under the scope the drop-down lists, in tree order: those counted, as many levels
  // down (up to the three asked) as keep the list within PICKER_MOST (the country's counties are
  // thousands: a list nobody scrolls, and a fifth of the page's first render), and the way to the
  // one shown, however deep the chips led.
  const PICKER_MOST = 600;
  function all(byRegion, scope, shown) {
    const counted = Object.keys(byRegion || {}).filter((p) => p && within(p, scope) && p !== scope);
    let levels = 3;
    while (levels > 1 && counted.filter((p) => depth(p) - depth(scope) <= levels).length > PICKER_MOST) levels--;
    const paths = new Set(counted.filter((p) => depth(p) - depth(scope) <= levels));
    for (const p of trail(scope, shown)) if (p && p !== scope) paths.add(p);
    return [...paths].sort();
  }

  function render(ctx) {
    const { state, el, tr } = ctx;
    const allText = tr("controls.all");
    const select = document.getElementById("region");
    // the options again only when what they list changed (the page applies its language twice a refresh)
    const listing = [state.lang, state.scope, state.region].join("|");
    if (select.njRegions !== state.regions || select.njListing !== listing) {
      select.replaceChildren(
        el("option", { value: state.scope || "" }, name(state.scope, allText)),
        ...all(state.regions, state.scope, state.region || state.scope || "").map((p) =>
          el("option", { value: p }, "\u3000".repeat(Math.max(0, depth(p) - depth(state.scope))) + name(p, allText))),
      );
      select.njRegions = state.regions;
      select.njListing = listing;
    }
    select.value = state.region || state.scope || "";
    document.getElementById("scope-note").textContent = tr("controls.scope", { scope: state.scope ? state.scope.replaceAll("/", " ") : allText });
    const current = state.region || state.scope || "";
    const crumbs = trail(state.scope, current).map((p) => el("button", {
      class: "chip crumb" + (p === current ? " active" : ""), type: "button", "data-region": p, onclick: () => ctx.pick(p),
    }, name(p, allText)));
    const below = children(state.byRegion, current).map((p) => el("button", {
      class: "chip sub", type: "button", "data-region": p, onclick: () => ctx.pick(p),
    }, `${name(p, allText)} ${state.byRegion[p]}`));
    document.getElementById("places").replaceChildren(
      ...crumbs, ...(below.length ? [el("span", { class: "muted sub-label" }, tr("controls.sub"))] : []), ...below);
  }

  return { render, within, name, listed: all };
})();
