// How the dashboard writes numbers, money, shares and times (as Chinese reports write them), and its elements.
"use strict";

window.NJ_FMT = (function () {
  const ZONE = "Asia/Shanghai";

  function int(value, lang) {
    const n = Number(value || 0);
    return n.toLocaleString(lang === "en" ? "en-GB" : "zh-CN");
  }

  // Money arrives as a decimal string of yuan ("199800.00"). Chinese reports write amounts of
  // ten thousand yuan and more in 万元 with up to two decimals (19.98万元), smaller ones in 元.
  function money(value, lang) {
    if (value === null || value === undefined || value === "") return "–";
    const yuan = Number(value);
    if (lang === "en") return "¥" + yuan.toLocaleString("en-GB", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
    if (Math.abs(yuan) >= 10000) {
      return (Math.round(yuan / 100) / 100).toLocaleString("zh-CN", { maximumFractionDigits: 2 }) + "万元";
    }
    return yuan.toLocaleString("zh-CN", { maximumFractionDigits: 2 }) + "元";
  }

  // A share arrives as a decimal string ("0.0755"); one decimal of a per cent, half up: 7.6%.
  function percent(share) {
    if (share === null || share === undefined || share === "") return "–";
    const tenths = Math.round(Number(share) * 1000 + 1e-6);
    return (tenths / 10).toFixed(1) + "%";
  }

  // An instant in China time with the zone named: 2024-06-14 09:30:00（北京时间）.
  function time(iso, lang) {
    if (!iso) return "–";
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
      timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      second: "2-digit", hourCycle: "h23",
    }).formatToParts(date).map((p) => [p.type, p.value]));
    const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
    return lang === "en" ? `${text} China time (UTC+8)` : `${text}（北京时间）`;
  }

  // The known_at picker is read as China time, whatever the browser's zone: "2024-09-01T12:00" -> ISO with +08:00.
  function chinaInstant(local) {
    if (!local) return "";
    const withSeconds = local.length === 16 ? local + ":00" : local;
    return withSeconds + "+08:00";
  }

  // an element with attributes (`class`, `on<event>` handlers, any other) and children (nodes or text)
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
    return node;
  }

  // A text with its values: "{name}" is the value; "{name|one|other}" is `one` when the value is 1
  // and `other` otherwise (English plurals: "{count} {count|event|events}"; Chinese needs none).
  function fill(text, values) {
    const given = values || {};
    const plural = text.replace(/\{(\w+)\|([^|{}]*)\|([^{}]*)\}/g, (whole, name, one, other) =>
      name in given ? (Number(String(given[name]).replace(/[,\s]/g, "")) === 1 ? one : other) : whole);
    return Object.entries(given).reduce((out, [name, value]) => out.replaceAll("{" + name + "}", String(value)), plural);
  }

  return { int, money, percent, time, chinaInstant, el, fill, ZONE };
})();
