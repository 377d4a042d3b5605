// What the dashboard's added pages share: their words (zh, en), the token's requests, small helpers.
// Loaded after app.js; reads the page's state (window.njState) and never changes it.
"use strict";

window.NJ_EXTRA = (function () {
  const WORDS = window.NJ_WORDS.extras; // { zh, en }: words/zh.json and words/en.json

  const state = () => window.njState;
  const lang = () => (state().lang === "en" ? "en" : "zh");

  function tr(key, values) {
    const own = WORDS[lang()][key];
    const shared = (window.NJ_I18N[lang()] || {})[key];
    return window.NJ_FMT.fill(own !== undefined ? own : shared !== undefined ? shared : key, values);
  }
  const label = (code) => (window.NJ_LABELS[lang()] || {})[code] || code;

  // A card's own words: `words(TABLE)` gives `w(key, values)` over TABLE.zh / TABLE.en.
  function words(table) {
    return (key, values) => {
      return window.NJ_FMT.fill(table[lang()][key] ?? key, values);
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

  // Save a downloaded answer as `file` (an Excel export, its receipt).
  function save(blob, file) {
    const link = el("a", { href: URL.createObjectURL(blob), download: file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

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

  return { tr, label, words, number, sep, lang, el, request, json, save, clocks, onLanguage, state };
})();
