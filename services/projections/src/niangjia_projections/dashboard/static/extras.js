// What the dashboard's added pages share: their words (zh, en), the token's requests, small helpers.
// Loaded after app.js; reads the page's state (window.njState) and never changes it.
"use strict";

window.NJ_EXTRA = (function () {
  const WORDS = {
    zh: {
      "export.excel": "导出 Excel", "export.receipt": "Excel＋签名回执", "export.busy": "正在导出…",
      "export.failed": "导出失败：{message}", "export.done": "已导出：{file}（日志位置 {position}）",
      "find.title": "按名称查找组织", "find.placeholder": "输入名称中的几个字，如 湖塘", "find.submit": "查找",
      "find.count": "名称含“{name}”的组织：共 {total} 个", "find.none": "没有名称含“{name}”的组织",
      "find.more": "更多", "find.timeline": "时间线", "find.tree": "组织树",
      "find.members": "执委按姓名查找见下方“执委”卡片（仅限可查看姓名的令牌）。",
      "op.open": "运维", "op.back": "返回报表", "op.title": "运维：服务与事件流",
      "op.services": "服务状态", "op.service": "服务", "op.status": "状态", "op.position": "事件库位置",
      "op.detail": "说明", "op.value": "数值", "op.unreachable": "无法连接", "op.not_configured": "未配置地址",
      "op.projections": "投影（读模型）", "op.projection": "投影", "op.version": "版本", "op.checkpoint": "已处理位置",
      "op.lag": "落后（事件）", "op.lag_s": "落后（秒）", "op.failure": "故障",
      "op.relay": "中继（NATS）", "op.checkpoints": "最新签名检查点", "op.no_checkpoint": "尚无签名检查点（{code}）",
      "op.streams": "事件流浏览", "op.prefix": "流编号前缀，如 federation-", "op.type": "事件类型", "op.any_type": "全部类型",
      "op.list": "列出", "op.stream": "事件流", "op.events": "事件数", "op.last": "最近记录",
      "op.stream_events": "事件流 {stream} 的事件（共 {count} 个）", "op.none": "没有符合条件的事件流",
      "op.envelope": "信封与内容", "op.admin_only": "服务状态需要管理员令牌。",
      "ok": "正常", degraded: "降级", running: "运行中",
      "op.relay_detail": "NATS {nats} · 已确认到 {acked} · 落后 {lag}", "op.registry": "组织方登记表 {at}/{of}",
      "svc.orgs": "组织登记服务", "svc.activities": "活动登记服务", "svc.projections": "报表服务", "svc.relay": "事件中继",
      "model.organisations": "组织", "model.activities": "活动", "model.audit": "审计", "model.members": "执委",
      "key.reachable": "可连接", "key.http_status": "HTTP 状态", "key.elapsed_ms": "响应（毫秒）", "key.service": "服务",
      "key.status": "状态", "key.store_position": "事件库位置", "key.nats_connected": "已连接 NATS", "key.stream": "JetStream 流",
      "key.last_acked_position": "已确认到的位置", "key.lag": "落后（事件）", "key.published": "本次启动后发布",
      "key.duplicates": "重复消息", "key.stream_sequence": "流序号", "key.last_error": "最近错误",
      "key.foreign_messages": "外来消息", "key.last_foreign": "最近外来消息",
      "key.ledger.stream": "检查点流", "key.ledger.checkpoints_published": "本次启动后发布的检查点",
      "key.ledger.duplicates": "重复检查点", "key.ledger.last_tree_size": "流中最新检查点的树大小",
      "key.ledger.stream_sequence": "检查点流序号", "key.ledger.last_error": "检查点最近错误",
    },
    en: {
      "export.excel": "Excel", "export.receipt": "Excel + signed receipt", "export.busy": "Exporting…",
      "export.failed": "The export failed: {message}", "export.done": "Exported {file} (log position {position})",
      "find.title": "Find an organisation by name", "find.placeholder": "a few characters of the name, e.g. 湖塘", "find.submit": "Find",
      "find.count": "Organisations whose name contains \u201c{name}\u201d: {total}", "find.none": "No organisation's name contains \u201c{name}\u201d",
      "find.more": "More", "find.timeline": "timeline", "find.tree": "tree",
      "find.members": "Members are found by name in the members card below (for tokens that may see names).",
      "op.open": "Operations", "op.back": "Back to the reports", "op.title": "Operations: services and streams",
      "op.services": "Services", "op.service": "Service", "op.status": "Status", "op.position": "Store position",
      "op.detail": "Detail", "op.value": "Value", "op.unreachable": "unreachable", "op.not_configured": "no address configured",
      "op.projections": "Projections (read models)", "op.projection": "Projection", "op.version": "Version", "op.checkpoint": "Checkpoint",
      "op.lag": "Lag (events)", "op.lag_s": "Lag (s)", "op.failure": "Failure",
      "op.relay": "Relay (NATS)", "op.checkpoints": "Latest signed checkpoint", "op.no_checkpoint": "No signed checkpoint yet ({code})",
      "op.streams": "Stream browser", "op.prefix": "stream id prefix, e.g. federation-", "op.type": "Event type", "op.any_type": "any type",
      "op.list": "List", "op.stream": "Stream", "op.events": "Events", "op.last": "Last recorded",
      "op.stream_events": "Events of {stream} ({count} in all)", "op.none": "No stream matches",
      "op.envelope": "Envelope and data", "op.admin_only": "The services' status needs an administrator's token.",
      "ok": "ok", degraded: "degraded", running: "running",
      "op.relay_detail": "NATS {nats} · acked {acked} · lag {lag}", "op.registry": "organiser registry {at}/{of}",
      "svc.orgs": "organisations service", "svc.activities": "activities service", "svc.projections": "reports (projections)",
      "svc.relay": "relay", "model.organisations": "organisations", "model.activities": "activities", "model.audit": "audit",
      "model.members": "members",
    },
  };

  const state = () => window.njState;
  const lang = () => (state().lang === "en" ? "en" : "zh");

  function tr(key, values) {
    const own = WORDS[lang()][key];
    const shared = (window.NJ_I18N[lang()] || {})[key];
    let text = own !== undefined ? own : shared !== undefined ? shared : key;
    for (const [name, value] of Object.entries(values || {})) text = text.replaceAll("{" + name + "}", String(value));
    return text;
  }
  const label = (code) => (window.NJ_LABELS[lang()] || {})[code] || code;

  // A card's own words: `words(TABLE)` gives `w(key, values)` over TABLE.zh / TABLE.en.
  function words(table) {
    return (key, values) => {
      let text = table[lang()][key] ?? key;
      for (const [name, value] of Object.entries(values || {})) text = text.replaceAll("{" + name + "}", String(value));
      return text;
    };
  }
  const number = (n) => window.NJ_FMT.int(n, lang());
  const sep = () => (lang() === "en" ? ", " : "、");

  const el = window.NJ_FMT.el; // one element maker for every page (format.js)

  function url(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== "") query.append(name, value);
    }
    return path + (query.toString() ? "?" + query : "");
  }

  async function request(path, params, extraHeaders) {
    const headers = Object.assign({
      Authorization: "Bearer " + state().token, "Accept-Language": lang() === "en" ? "en" : "zh-CN",
    }, extraHeaders || {});
    const response = await fetch(url(path, params), { headers });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      const error = new Error((body.error && body.error.message) || response.statusText);
      error.status = response.status;
      error.code = body.error && body.error.code;
      throw error;
    }
    return response;
  }

  const json = async (path, params) => (await request(path, params)).json();

  // The page's two clocks, as the reports take them (known_at read as China time).
  function clocks() {
    const s = state();
    return Object.assign({}, s.asOf ? { as_of: s.asOf } : {}, s.knownAt ? { known_at: window.NJ_FMT.chinaInstant(s.knownAt) } : {});
  }

  // Call `render` now and whenever the page's language changes.
  function onLanguage(render) {
    render();
    new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  }

  return { tr, label, words, number, sep, lang, el, request, json, clocks, onLanguage, state };
})();
