// An Excel button on each report's card: the report as the service writes it for paperwork (Chinese
// headers, codes by their names, stamped with region, as_of, known_at and log position); the second
// button saves the service's signed receipt of the very same bytes beside it.
"use strict";

(function () {
  const X = window.NJ_EXTRA;
  const $ = (id) => document.getElementById(id);

  // card (found by an element inside it) -> the export for what it shows now, or null
  const CARDS = [
    ["chart-domain", () => ({ path: "/exports/counts.xlsx", params: scoped(), name: "counts" })],
    ["chart-campaign", () => ({ path: `/exports/campaigns/${X.state().campaignYear}.xlsx`, params: scoped(), name: `campaigns-${X.state().campaignYear}` })],
    ["tree", () => {
      const id = $("tree-id").value.trim();
      return id ? { path: `/exports/federations/${encodeURIComponent(id)}/guided.xlsx`, params: X.clocks(), name: `guided-${id}` } : null;
    }],
    ["members-report", () => ({ path: "/exports/members/report.xlsx", params: scoped(), name: "members" })],
    ["dormant-table", () => ({ path: "/exports/dormant.xlsx", params: { since: $("dormant-since").value || "2024-01-01", region: X.state().region || undefined }, name: "dormant" })],
    ["audit", () => {
      const id = $("audit-id").value.trim();
      return id ? { path: `/exports/audit/entities/${encodeURIComponent(id)}.xlsx`, params: {}, name: `audit-${id}` } : null;
    }],
  ];

  function scoped() {
    return Object.assign({ region: X.state().region || undefined }, X.clocks());
  }

  async function run(make, withReceipt, note) {
    const what = make();
    if (!what) return;
    note.className = "export-note muted";
    note.textContent = X.tr("export.busy");
    try {
      const params = Object.assign({}, what.params, { lang: X.state().lang === "en" ? "en" : "zh" });
      const response = await X.request(what.path, params, withReceipt ? { "X-Log-Receipt": "true" } : {});
      const file = `${what.name}.xlsx`;
      X.save(await response.blob(), file);
      const receipt = response.headers.get("X-Log-Receipt");
      if (withReceipt && receipt) {
        const text = new TextDecoder().decode(Uint8Array.from(atob(receipt), (c) => c.charCodeAt(0)));
        X.save(new Blob([text], { type: "application/json" }), `${what.name}.xlsx.receipt.json`);
      }
      note.textContent = X.tr("export.done", { file, position: response.headers.get("X-Log-Position") || "–" });
      note.dataset.position = response.headers.get("X-Log-Position") || "";
    } catch (error) {
      note.className = "export-note error";
      note.textContent = X.tr("export.failed", { message: error.message });
    }
  }

  function install() {
    for (const [anchor, make] of CARDS) {
      const card = $(anchor) && $(anchor).closest(".card");
      if (!card || card.querySelector(".exports")) continue;
      const note = X.el("span", { class: "export-note muted", role: "status" });
      const excel = X.el("button", { type: "button", class: "ghost small", "data-export": anchor, onclick: () => run(make, false, note) });
      const signed = X.el("button", { type: "button", class: "ghost small", "data-export-receipt": anchor, onclick: () => run(make, true, note) });
      const bar = X.el("div", { class: "exports no-print" }, excel, signed, note);
      card.querySelector("h2").after(bar);
      X.onLanguage(() => { excel.textContent = X.tr("export.excel"); signed.textContent = X.tr("export.receipt"); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install); else install();
})();
