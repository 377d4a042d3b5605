// The auditor's view of the ledger: the latest signed checkpoint (how many events its tree covers,
// its root, when it was signed) and the result of the last `niangjia verify` over this data folder.
"use strict";

window.NJ_LEDGER = (function () {
  // Rows of [label, value, testid] for GET /ledger/status.
  function rows(status, ctx) {
    const out = [];
    const checkpoint = status.latest_checkpoint;
    if (checkpoint) {
      out.push([ctx.tr("ledger.size"), ctx.tr("ledger.events", { count: ctx.fmt.int(checkpoint.tree_size, ctx.lang) }), "ledger-size"]);
      out.push([ctx.tr("ledger.root"), checkpoint.root_hash, "ledger-root"]);
      out.push([ctx.tr("ledger.signed"), ctx.fmt.time(checkpoint.time, ctx.lang), "ledger-signed"]);
    } else {
      out.push([ctx.tr("ledger.checkpoint"), ctx.tr("ledger.no_checkpoint"), "ledger-size"]);
    }
    const last = status.last_verification;
    if (!last) {
      out.push([ctx.tr("ledger.verification"), ctx.tr("ledger.never"), "ledger-verification"]);
      return out;
    }
    let result;
    if (last.ok) {
      result = ctx.tr("ledger.passed", {
        events: ctx.fmt.int(last.events, ctx.lang), checkpoints: ctx.fmt.int(last.checkpoints, ctx.lang),
      });
    } else {
      const finding = last.finding || {};
      const where = finding.position === null || finding.position === undefined ? "" : ctx.tr("ledger.at", { position: finding.position });
      result = ctx.tr("ledger.failed", { kind: ctx.tr("ledger.kind." + finding.kind), where });
    }
    out.push([ctx.tr("ledger.verification"), result, "ledger-verification"]);
    out.push([ctx.tr("ledger.verified_at"), ctx.fmt.time(last.verified_at, ctx.lang), "ledger-verified-at"]);
    return out;
  }

  return { rows };
})();
