// The audit timeline as sentences: what happened, the values a correction changed (before → after),
// who recorded it and when (China time), and the business date it speaks of.
"use strict";

window.NJ_AUDIT = (function () {
  const MONEY_FIELDS = new Set(["goods_value_yuan"]);
  const ERASED = window.NJ_ERASED; // what the service answers for each personal field of an erased person (names.js)
  const CODE_FIELDS = new Set(["kind", "domain", "level", "sector", "setting", "campaign", "service_area", "chamber_origin", "finding", "organiser_kind", "role", "community_roles"]);

  function value(field, raw, ctx) {
    if (raw === null || raw === undefined || raw === "") return ctx.tr("audit.blank");
    if (MONEY_FIELDS.has(field)) return ctx.fmt.money(raw, ctx.lang);
    if (field === "region") return String(raw).split("/").slice(-2).join(" ");
    if (CODE_FIELDS.has(field)) return ctx.label(String(raw));
    if (Array.isArray(raw)) return raw.map((r) => value(field, r, ctx)).join(ctx.lang === "en" ? ", " : "、");
    if (typeof raw === "number") return ctx.fmt.int(raw, ctx.lang); // 2,860 women members, as every count on the page
    return String(raw);
  }

  function fill(template, data, ctx) {
    return template.replace(/\{(\w+)\}/g, (_, field) => value(field, data[field], ctx));
  }

  function sentence(item, before, ctx) {
    const data = item.data || {};
    if (item.event_type === "CareActivityCorrected") {
      const fields = data.corrected_fields || [];
      const changes = fields.map((f) => ctx.tr("audit.change", {
        field: ctx.field(f), before: value(f, before ? before[f] : null, ctx), after: value(f, data[f], ctx),
      }));
      return { text: ctx.tr("audit.sentence.CareActivityCorrected"), changes, reason: data.reason };
    }
    if (item.event_type === "FederationRecognised" || item.event_type === "MicroHomeRecognised") {
      const text = ctx.tr("audit.sentence." + item.event_type, { level: ctx.label("recognition." + data.level), title: data.title || "" });
      return { text, changes: [] };
    }
    const key = "audit.sentence." + item.event_type;
    const template = ctx.tr(key);
    if (template !== key) return { text: fill(template, data, ctx), changes: [], reason: data.reason || data.remark };
    // an event type this page does not know yet: its label and each fact by its field's name; a
    // person's sealed data only as opened for a reader allowed to see it (item.personal, else nothing)
    const facts = Object.entries(data).filter(([k, v]) => v !== null && k !== "personal" && !/_id$/.test(k))
      .map(([k, v]) => `${ctx.field(k)}${ctx.lang === "en" ? ": " : "："}${value(k, v, ctx)}`);
    const person = item.personal || {};
    const kept = (v) => (v === ERASED ? ctx.tr("audit.erased") : v);
    if (person.mobile) facts.unshift(ctx.tr("audit.mobile", { mobile: kept(person.mobile) }));
    if (person.name) facts.unshift(ctx.tr("audit.person", { name: kept(person.name) }));
    return { text: ctx.label(item.event_type), changes: facts };
  }

  // Items in log order; `before` is the entity's record as it stood before each event.
  function describe(items, ctx) {
    let current = null;
    return items.map((item) => {
      const described = sentence(item, current, ctx);
      if (item.event_type === "CareActivityHeld" || item.event_type === "CareActivityCorrected") current = item.data;
      return Object.assign(described, {
        type: item.event_type,
        position: item.position,
        who: item.actor,
        recorded: ctx.fmt.time(item.recorded_at, ctx.lang),
        businessDate: item.occurred_on,
      });
    });
  }

  return { describe };
})();
