// The dashboard's charts, drawn by Apache ECharts (vendor/echarts.min.js): at most two value axes,
// each titled; "no data" instead of empty axes; labels kept inside the chart; no toolbox control
// but saving the picture to this computer.
"use strict";

window.NJ_CHARTS = (function () {
  const FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";
  const ROSE = "#c2185b";
  const COLORS = ["#c2185b", "#f06292", "#8e24aa", "#5c6bc0", "#26a69a", "#ffa726", "#8d6e63", "#78909c",
    "#d4e157", "#29b6f6", "#ef5350", "#66bb6a", "#ab47bc"];

  function base(ctx) {
    return {
      color: COLORS,
      textStyle: { fontFamily: FONT },
      animation: false,
      tooltip: { trigger: "axis", confine: true },
      toolbox: { right: 8, top: 0, feature: { saveAsImage: { name: ctx.fileName, pixelRatio: 2 } } },
    };
  }

  const countAxis = (name, position) => ({
    type: "value", name, position, minInterval: 1, nameTextStyle: { align: position === "right" ? "right" : "left" },
    splitLine: { show: position !== "right" },
  });

  // How wide a text is drawn in the charts' font, in pixels (one canvas made for every measure).
  let measure = null;
  function textWidth(text) {
    if (measure === null) {
      measure = document.createElement("canvas").getContext("2d");
      measure.font = `12px ${FONT}`;
    }
    return measure.measureText(String(text)).width;
  }

  // A text broken into lines of at most `px` wide as drawn (between words, or between Chinese characters).
  function wrapped(text, px) {
    const lines = [""];
    for (const piece of String(text).match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) || []) {
      const line = lines[lines.length - 1];
      if (line && textWidth((line + piece).trimEnd()) > px) lines.push(piece.trimStart());
      else lines[lines.length - 1] = line + piece;
    }
    return lines.map((line) => line.trimEnd()).join("\n");
  }

  // The rows a legend of `names` takes in `px` (each item: its mark, its name and the gap after it).
  function legendRows(names, px) {
    let rows = 1;
    let x = 0;
    for (const name of names) {
      const item = 40 + textWidth(name);
      if (x > 0 && x + item > px) {
        rows += 1;
        x = 0;
      }
      x += item;
    }
    return rows;
  }

  // The frame of a chart with two value axes: the legend's rows on top (wrapped, never scrolled out
  // of sight), the saving icon at the top right beside them, then the two axes' names, each broken
  // onto a second line rather than reach the other's half: room above the grid for as many rows and
  // lines as they take, so that nothing covers a name and no row is left empty.
  function twoAxesFrame(id, left, right, series) {
    const width = document.getElementById(id).clientWidth || 640;
    const names = [wrapped(left, width * 0.42), wrapped(right, width * 0.42)];
    const lines = Math.max(...names.map((name) => name.split("\n").length));
    // the names stand clear of the value label over a bar that reaches the grid's top
    const top = Math.max(24 * legendRows(series, width - 50), 40) + 30 + 14 * lines;
    const axis = (name, position) => Object.assign(countAxis(name, position), { name, nameGap: 22 });
    return {
      grid: { left: 8, right: 8, top, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, right: 40 },
      axes: [axis(names[0], "left"), axis(names[1], "right")],
    };
  }

  function render(id, option, ctx) {
    const node = document.getElementById(id);
    let chart = window.echarts.getInstanceByDom(node);
    if (option === null) {
      if (chart) chart.dispose();
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = ctx.tr("empty");
      node.replaceChildren(empty);
      node.dataset.empty = "true";
      return;
    }
    if (chart && node.dataset.locale !== ctx.lang) {
      chart.dispose();
      chart = null;
    }
    if (!chart) {
      node.replaceChildren();
      chart = window.echarts.init(node, null, { locale: ctx.lang === "en" ? "EN" : "ZH" });
      node.dataset.locale = ctx.lang;
    }
    node.dataset.empty = "false";
    chart.setOption(withFont(Object.assign(base(ctx), option)), true);
  }

  // The font named on every text a chart lays out (axis labels and names, series labels, the legend):
  // ECharts sizes the room for a label with the label's own font, not the chart's, so a long English
  // label measured in the default font was cut off at the chart's edge.
  function withFont(option) {
    const font = (style) => Object.assign({ fontFamily: FONT }, style);
    for (const key of ["xAxis", "yAxis"]) {
      if (!option[key]) continue;
      const axes = [].concat(option[key]).map((axis) => Object.assign({}, axis, {
        axisLabel: font(axis.axisLabel), nameTextStyle: font(axis.nameTextStyle) }));
      option[key] = Array.isArray(option[key]) ? axes : axes[0];
    }
    option.series = (option.series || []).map((s) => (s.label ? Object.assign({}, s, { label: font(s.label) }) : s));
    if (option.legend) option.legend = Object.assign({}, option.legend, { textStyle: font(option.legend.textStyle) });
    return option;
  }

  // Whether a chart's two value axes draw their zero at one height (null: fewer than two).
  function zerosAligned(chart, option) {
    if ((option.yAxis || []).filter((a) => a.type === "value").length !== 2) return null;
    const zero = (index) => chart.convertToPixel({ yAxisIndex: index }, 0);
    return Math.abs(zero(0) - zero(1)) < 1;
  }

  // Whether a chart lies within its card (a chart wider than its card is cut off by it).
  function inCard(node) {
    const card = node.closest(".card");
    return !card || node.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5;
  }

  // Whether the widest label of a chart's category axis on the left fits left of its grid, as drawn.
  function labelsFit(chart, axis) {
    if (!axis || axis.type !== "category") return null;
    const grid = chart.getModel().getComponent("grid", 0);
    if (!grid || !grid.coordinateSystem) return null;
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = `12px ${FONT}`;
    const widest = Math.max(0, ...axis.data.map((text) => measure.measureText(String(text)).width));
    return grid.coordinateSystem.getRect().x - (axis.axisLabel.margin || 8) - widest >= -1;
  }

  function domains(byDomain, ctx) {
    const rows = Object.entries(byDomain || {}).filter(([, n]) => n > 0).sort((a, b) => a[1] - b[1]);
    if (!rows.length) return null;
    return {
      grid: { left: 8, right: 40, top: 28, bottom: 28, containLabel: true },
      tooltip: { trigger: "item" },
      xAxis: Object.assign(countAxis(ctx.tr("axis.federations")), { nameLocation: "middle", nameGap: 28 }),
      yAxis: { type: "category", data: rows.map(([d]) => ctx.label(d)), axisLabel: { interval: 0 } },
      series: [{ type: "bar", name: ctx.tr("axis.federations"), data: rows.map(([, n]) => n), itemStyle: { color: ROSE },
        label: { show: true, position: "right" } }],
    };
  }

  function sectors(bySector, ctx) {
    const rows = Object.entries(bySector || {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    if (!rows.length) return null;
    return {
      tooltip: { trigger: "item", formatter: ctx.lang === "en" ? "{b}: {c} ({d}%)" : "{b}：{c}（{d}%）" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["30%", "52%"], center: ["50%", "45%"], avoidLabelOverlap: true,
        // Labels aligned to the card's edges, so a long name breaks inside the card, never beyond it.
        label: { formatter: "{b}\n{c}", alignTo: "edge", edgeDistance: 6, width: 84, overflow: "break" },
        labelLine: { length: 8, length2: 0 }, data: rows.map(([s, n]) => ({ name: ctx.label(s), value: n, code: s })) }],
    };
  }

  // A level's name broken before its bracket ("镇\n（街道）"), never inside it.
  const beforeBracket = (text) => String(text).replace(/\s*([（(])/, "\n$1");

  function levels(byLevel, ctx) {
    const rows = ["county", "town", "village", "grid"].map((l) => [l, (byLevel || {})[l] || 0]);
    if (!rows.some(([, n]) => n > 0)) return null;
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: rows.map(([l]) => ctx.label(l)),
        axisLabel: { interval: 0, width: 72, overflow: "break", formatter: beforeBracket } },
      yAxis: countAxis(ctx.tr("axis.federations")),
      series: [{ type: "bar", name: ctx.tr("axis.federations"), data: rows.map(([, n]) => n), itemStyle: { color: "#8e24aa" },
        label: { show: true, position: "top" } }],
    };
  }

  // A step of 1, 2 or 5 times a power of ten, at least `raw` (and at least 1: counts are whole).
  function niceStep(raw) {
    const power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
    return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) || 10 * power;
  }

  // The two value axes with their zeros at one height and their grid lines shared, when the left one
  // goes below zero (the dissolved): the same count of steps up and down on both, each its own step.
  function alignedAxes(axes, ups, downs, rights) {
    const down = Math.max(0, ...downs.map((n) => -n));
    if (down === 0) return axes;
    const up = Math.max(1, ...ups);
    const left = niceStep(up / 5);
    const above = Math.max(1, Math.ceil(up / left));
    const below = Math.ceil(down / left);
    const right = niceStep(Math.max(1, ...rights) / above);
    return [
      Object.assign({}, axes[0], { min: -below * left, max: above * left, interval: left }),
      Object.assign({}, axes[1], { min: -below * right, max: above * right, interval: right,
        axisLabel: { formatter: (value) => (value < 0 ? "" : String(value)) } }),
    ];
  }

  // Founded and dissolved per quarter on the left axis; organisations standing on the right one.
  function coverage(series, ctx) {
    if (!series.labels.length || !series.standing.some((n) => n > 0)) return null;
    const frame = twoAxesFrame("chart-coverage", ctx.tr("axis.per_quarter"), ctx.tr("axis.standing"),
      ["series.founded", "series.dissolved", "series.cumulative", "series.micro_homes"].map((key) => ctx.tr(key)));
    return {
      grid: frame.grid,
      legend: frame.legend,
      xAxis: { type: "category", data: series.labels },
      yAxis: alignedAxes(frame.axes, series.founded, series.dissolved, series.standing.concat(series.homes)),
      series: [
        { type: "bar", stack: "change", name: ctx.tr("series.founded"), data: series.founded, itemStyle: { color: "#f06292" } },
        { type: "bar", stack: "change", name: ctx.tr("series.dissolved"), data: series.dissolved, itemStyle: { color: "#78909c" } },
        { type: "line", yAxisIndex: 1, name: ctx.tr("series.cumulative"), data: series.standing, lineStyle: { width: 3, color: ROSE }, itemStyle: { color: ROSE } },
        { type: "line", yAxisIndex: 1, name: ctx.tr("series.micro_homes"), data: series.homes, lineStyle: { type: "dashed", color: "#8e24aa" }, itemStyle: { color: "#8e24aa" } },
      ],
    };
  }

  // Activities on the left axis, people served on the right; the money is in the table below. What
  // was held outside the four campaigns is a bar of its own (grey), so that a year whose activities
  // all fall outside them shows them rather than "no data" above a table that lists them.
  function campaign(report, ctx) {
    // On a phone the quarters are named by number alone (their themes are in the table below).
    const narrow = document.getElementById("chart-campaign").clientWidth < 520;
    const bars = (report.quarters || []).map((q) => ({
      name: `Q${q.quarter} ${ctx.label(q.theme)}`, axis: narrow ? `Q${q.quarter}` : `Q${q.quarter}\n${ctx.label(q.theme)}`,
      activities: q.activities, people: q.people_served, color: ROSE }));
    const outside = report.outside_campaigns || {};
    if (outside.activities > 0) {
      bars.push({ name: ctx.tr("campaign.outside"), axis: ctx.tr(narrow ? "campaign.outside_short" : "campaign.outside"),
        activities: outside.activities, people: outside.people_served, color: "#78909c" });
    }
    if (!bars.some((b) => b.activities > 0)) return null;
    const frame = twoAxesFrame("chart-campaign", ctx.tr("series.activities"), ctx.tr("series.people"),
      [ctx.tr("series.activities"), ctx.tr("series.people")]);
    return {
      grid: frame.grid,
      legend: frame.legend,
      xAxis: { type: "category", data: bars.map((b) => b.name),
        axisLabel: { interval: 0, width: narrow ? 56 : 120, overflow: "break", formatter: (text, index) => bars[index].axis } },
      yAxis: frame.axes,
      series: [
        { type: "bar", name: ctx.tr("series.activities"), label: { show: true, position: "top" }, itemStyle: { color: ROSE },
          data: bars.map((b) => ({ value: b.activities, itemStyle: { color: b.color } })) },
        { type: "line", yAxisIndex: 1, name: ctx.tr("series.people"), data: bars.map((b) => b.people),
          lineStyle: { width: 3, color: "#26a69a" }, itemStyle: { color: "#26a69a" } },
      ],
    };
  }

  // What a chart shows, for tests and for reading aloud: its categories and each series' values.
  function data(id) {
    const chart = window.echarts.getInstanceByDom(document.getElementById(id));
    if (!chart) return null;
    const option = chart.getOption();
    const categories = (option.yAxis || []).concat(option.xAxis || []).find((a) => a.type === "category");
    return {
      categories: categories ? categories.data : null,
      labels: categories ? categories.data.map((text, index) => {
        const format = (categories.axisLabel || {}).formatter;
        return typeof format === "function" ? format(text, index) : text;
      }) : null,
      series: option.series.map((s) => ({ name: s.name, type: s.type, data: s.data.map((d) => (typeof d === "object" ? d.value : d)),
        names: s.data.map((d) => (typeof d === "object" ? d.name : null)) })),
      yAxes: (option.yAxis || []).filter((a) => a.type === "value").map((a) => a.name),
      labelsFit: labelsFit(chart, (option.yAxis || [])[0]),
      inCard: inCard(document.getElementById(id)),
      zerosAligned: zerosAligned(chart, option),
    };
  }

  function resizeAll() {
    for (const node of document.querySelectorAll(".chart")) {
      const chart = window.echarts.getInstanceByDom(node);
      if (chart) chart.resize();
    }
  }

  return { render, domains, sectors, levels, coverage, campaign, data, resizeAll };
})();
