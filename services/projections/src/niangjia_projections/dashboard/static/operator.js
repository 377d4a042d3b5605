// The operator's page: each service's health, each projection's position and lag, the relay, the
// latest signed checkpoint (admin); a browser of the log's streams and their events with their
// envelopes (auditors and admin). Its button shows only for a token that may read the streams.
"use strict";

(function () {
  const X = window.NJ_EXTRA;
  const $ = (id) => document.getElementById(id);
  const EVENT_TYPES = ["FederationFounded", "FederationInspected", "FederationRecognised", "FederationDissolved",
    "MicroHomeOpened", "MicroHomeRecognised", "MicroHomeClosed", "CareActivityHeld", "CareActivityCorrected", "CareActivityRetracted"];
  let streams = null; // the last page of streams listed
  let shown = null; // the stream shown

  const cell = (value, cls) => X.el("td", cls ? { class: cls } : {}, value === null || value === undefined ? "–" : String(value));
  const table = (id, head, rows) => X.el("div", { class: "scroll-x" }, X.el("table", { class: "table", id },
    X.el("thead", {}, X.el("tr", {}, ...head.map((h) => X.el("th", {}, X.tr(h))))), X.el("tbody", {}, ...rows)));
  // a name in the page's language with the code beside it, for the operator who reads logs: 报表服务（projections）
  const named = (prefix, code) => {
    const text = X.tr(prefix + code);
    if (text === prefix + code || text === code) return code;
    return X.state().lang === "en" ? `${text} (${code})` : `${text}（${code}）`;
  };
  const word = (status) => X.tr(status === "unreachable" ? "op.unreachable" : status === "not_configured" ? "op.not_configured" : status);

  // a figure of the relay as the page's language says it: yes or no, a status by its word
  const shownValue = (key, value) =>
    typeof value === "boolean" ? X.tr(value ? "op.yes" : "op.no") : key === "status" || key.endsWith(".status") ? word(value) : value;

  // where a projection stopped and why: 位置 41 · CareActivityHeld · event_corrupted：…
  const failure = (f) => [X.tr("op.failed_at", { position: f.position }), f.event_type, f.code]
    .filter(Boolean).join(" · ") + (X.state().lang === "en" ? ": " : "：") + f.message;

  function detail(name, body) {
    if (body.error) return body.error;
    if (name === "relay") return X.tr("op.relay_detail", { nats: body.nats_connected ? "✓" : "✗", acked: body.last_acked_position ?? "–", lag: body.lag ?? "–" });
    if (name === "activities" && body.registry) return X.tr("op.registry", { at: body.registry.checkpoint, of: body.registry.store_position });
    return body.elapsed_ms !== undefined ? `${body.elapsed_ms} ms` : "";
  }

  function renderStatus(status) {
    const services = Object.entries(status.services).map(([name, body]) => X.el("tr", { "data-service": name, class: "status-" + body.status },
      cell(named("svc.", name)), cell(word(body.status)), cell(body.store_position, "num"), cell(detail(name, body))));
    const projections = status.projections.map((p) => X.el("tr", { "data-projection": p.name },
      cell(named("model.", p.name)), cell(p.version, "num"), cell(p.checkpoint, "num"), cell(p.store_position, "num"), cell(p.lag_events, "num"),
      cell(p.lag_seconds, "num"), cell(word(p.status)), cell(p.failure ? failure(p.failure) : "")));
    // the relay's figures, then those of the ledger's checkpoints it publishes (ledger.*)
    const ledger = Object.entries(status.relay.ledger || {}).map(([k, v]) => ["ledger." + k, v]);
    const relay = [...Object.entries(status.relay), ...ledger].filter(([, v]) => typeof v !== "object" || v === null)
      .map(([k, v]) => X.el("tr", { "data-key": k }, cell(named("key.", k)), cell(shownValue(k, v))));
    const c = status.checkpoint;
    const checkpoint = c.missing
      ? X.el("p", { class: "muted", id: "op-checkpoint" }, X.tr("op.no_checkpoint", { code: c.missing }))
      : X.el("dl", { class: "kv", id: "op-checkpoint" }, ...[["tree_size", c.tree_size], ["time", window.NJ_FMT.time(c.time, X.state().lang)],
        ["root_hash", c.root_hash], ["key_id", c.key_id], ["log_id", c.log_id]].flatMap(([k, v]) =>
        [X.el("dt", { "data-key": k }, named("checkpoint.", k)), X.el("dd", {}, String(v))]));
    $("op-status").replaceChildren(
      X.el("h3", {}, X.tr("op.services")), table("op-services", ["op.service", "op.status", "op.position", "op.detail"], services),
      X.el("h3", {}, X.tr("op.projections")),
      table("op-projections", ["op.projection", "op.version", "op.checkpoint", "op.position", "op.lag", "op.lag_s", "op.status", "op.failure"], projections),
      X.el("h3", {}, X.tr("op.relay")), table("op-relay", ["op.detail", "op.value"], relay),
      X.el("h3", {}, X.tr("op.checkpoints")), checkpoint);
  }

  function renderStreams() {
    if (!streams) return;
    const rows = streams.items.map((s) => X.el("tr", { "data-stream": s.stream_id },
      X.el("td", {}, X.el("a", { href: "#", class: "id", onclick: (e) => { e.preventDefault(); showStream(s.stream_id).catch(fail); } }, s.stream_id)),
      cell(s.events, "num"), cell(s.version, "num"), cell(s.last_position, "num"), cell(window.NJ_FMT.time(s.last_recorded_at, X.state().lang))));
    const more = streams.next_after
      ? [X.el("button", { type: "button", class: "ghost small", id: "op-more", onclick: () => listStreams(streams.next_after).catch(fail) }, X.tr("find.more"))]
      : [];
    $("op-streams").replaceChildren(
      ...(streams.items.length ? [table("op-stream-list", ["op.stream", "op.events", "op.version", "op.position", "op.last"], rows)] : [X.el("p", { class: "muted" }, X.tr("op.none"))]),
      ...more);
  }

  function renderEvents() {
    if (!shown) return;
    const items = shown.items.map((e) => X.el("li", { class: "event " + e.event_type, "data-version": e.stream_version },
      X.el("div", {}, X.el("strong", {}, `#${e.stream_version} ${X.label(e.event_type)}`), " ",
        X.el("span", { class: "muted" }, `${e.event_type} · ${window.NJ_FMT.time(e.recorded_at, X.state().lang)}`)),
      X.el("details", {}, X.el("summary", {}, X.tr("op.envelope")), X.el("pre", { class: "envelope" }, JSON.stringify(e, null, 2)))));
    const more = shown.next_after !== null
      ? [X.el("button", { type: "button", class: "ghost small", onclick: () => showStream(shown.stream_id, shown.next_after).catch(fail) }, X.tr("find.more"))]
      : [];
    $("op-events").replaceChildren(X.el("h3", {}, X.tr("op.stream_events", { stream: shown.stream_id, count: shown.events })),
      X.el("ol", { class: "timeline" }, ...items), ...more);
  }

  function fail(error) {
    $("op-events").replaceChildren(X.el("p", { class: "error", role: "alert" }, X.tr("error", { message: error.message })));
  }

  async function listStreams(after) {
    const page = await X.json("/operator/streams", { prefix: $("op-prefix").value.trim(), event_type: $("op-type").value || undefined, after, limit: 50 });
    streams = after && streams ? Object.assign(page, { items: streams.items.concat(page.items) }) : page;
    renderStreams();
  }

  async function showStream(id, after) {
    const page = await X.json(`/operator/streams/${encodeURIComponent(id)}`, { after: after === undefined ? undefined : after, limit: 50 });
    shown = after !== undefined && shown && shown.stream_id === id ? Object.assign(page, { items: shown.items.concat(page.items) }) : page;
    renderEvents();
  }

  async function openPage() {
    $("main").hidden = true;
    $("operator").hidden = false;
    document.body.dataset.page = "operator";
    try {
      renderStatus(await X.json("/operator/status"));
    } catch (error) {
      $("op-status").replaceChildren(X.el("p", { class: "muted" }, error.status === 403 ? X.tr("op.admin_only") : X.tr("error", { message: error.message })));
    }
    await listStreams().catch(fail);
    document.body.dataset.page = "operator-ready";
  }

  function closePage() {
    $("operator").hidden = true;
    $("main").hidden = false;
    document.body.dataset.page = "";
  }

  async function offer() {
    const button = $("operator-open");
    if (!X.state().token) { button.hidden = true; return; }
    // the token's permissions (GET /me, asked with the reports): the streams are an auditor's or an
    // administrator's; the services' status on the page an administrator's only
    const me = X.state().me;
    button.hidden = !(me && me.permissions.includes("audit"));
  }

  function install() {
    if ($("operator")) return;
    const open = X.el("button", { id: "operator-open", class: "ghost", type: "button", hidden: "", onclick: () => openPage() });
    document.querySelector(".top-actions").prepend(open);
    const back = X.el("button", { type: "button", class: "ghost", id: "operator-back", onclick: closePage });
    const title = X.el("h2", {});
    const prefix = X.el("input", { id: "op-prefix", type: "search" });
    const type = X.el("select", { id: "op-type" });
    const list = X.el("button", { type: "submit" });
    const streamsTitle = X.el("h3", {});
    const page = X.el("section", { id: "operator", class: "operator", hidden: "" },
      X.el("div", { class: "card" }, X.el("div", { class: "op-head" }, title, back), X.el("div", { id: "op-status" })),
      X.el("div", { class: "card" }, streamsTitle,
        X.el("form", { class: "inline wrap", id: "op-form", onsubmit: (e) => { e.preventDefault(); listStreams().catch(fail); } }, prefix, type, list),
        X.el("div", { id: "op-streams" }), X.el("div", { id: "op-events" })));
    $("main").after(page);
    X.onLanguage(() => {
      open.textContent = X.tr("op.open");
      back.textContent = X.tr("op.back");
      title.textContent = X.tr("op.title");
      streamsTitle.textContent = X.tr("op.streams");
      prefix.placeholder = X.tr("op.prefix");
      list.textContent = X.tr("op.list");
      const chosen = type.value;
      type.replaceChildren(X.el("option", { value: "" }, X.tr("op.any_type")), ...EVENT_TYPES.map((t) => X.el("option", { value: t }, X.label(t))));
      type.value = chosen;
      renderStreams();
      renderEvents();
    });
    // offer the page once the reports are shown for a token (and again after a new login)
    new MutationObserver(() => {
      const s = document.body.dataset.state;
      if (s === "ready" || s === "error") offer();
      if (s === "login") { open.hidden = true; closePage(); }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-state"] });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install); else install();
})();
