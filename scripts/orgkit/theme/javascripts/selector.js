/*
 * 选择组织结构: score every structure type for the answers in the URL.
 *
 * Same algorithm as orgkit/selector.py (a test runs both on the same profiles):
 * a rule applies when every condition it names holds; a structure's score is the sum of
 * the weights of the applying rules that name it; best first, ties by id. Reasons are
 * listed strongest first, a negative weight said as “不宜：…”.
 */
(function () {
  "use strict";

  function applies(when, p) {
    if (when.employees_min != null && p.employees < when.employees_min) return false;
    if (when.employees_max != null && p.employees > when.employees_max) return false;
    if (when.sites_min != null && p.sites < when.sites_min) return false;
    if (when.companies_min != null && p.companies < when.companies_min) return false;
    var listed = [
      [when.stages, p.stage], [when.industries, p.industry], [when.businesses, p.businesses],
      [when.markets, p.markets], [when.work, p.work], [when.environment, p.environment]
    ];
    return listed.every(function (pair) { return !pair[0].length || pair[0].indexOf(pair[1]) >= 0; });
  }

  function rank(data, p) {
    var totals = {};
    Object.keys(data.structures).forEach(function (id) { totals[id] = { score: 0, why: [] }; });
    data.rules.forEach(function (rule) {
      if (!applies(rule.when, p)) return;
      rule.effects.forEach(function (e) {
        if (!totals[e.structure]) return;
        totals[e.structure].score += e.weight;
        totals[e.structure].why.push([e.weight, rule.reason]);
      });
    });
    var ranked = Object.keys(totals).map(function (id) {
      // A stable sort by strength keeps rule order among equals, as Python's sorted does.
      var why = totals[id].why.map(function (w, i) { return [w, i]; })
        .sort(function (a, b) { return Math.abs(b[0][0]) - Math.abs(a[0][0]) || a[1] - b[1]; })
        .map(function (x) { return x[0][0] > 0 ? x[0][1] : "不宜：" + x[0][1]; });
      return { structure: id, score: totals[id].score, reasons: why };
    });
    ranked.sort(function (a, b) { return b.score - a.score || (a.structure < b.structure ? -1 : 1); });
    return ranked;
  }

  function text(tag, content, cls) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = content;
    return el;
  }

  function link(href, content) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = content;
    return a;
  }

  function profileFrom(form, params) {
    var p = {};
    var ok = true;
    ["employees", "sites", "companies"].forEach(function (name) {
      var raw = params.get(name);
      if (raw !== null) form.elements[name].value = raw;
      var n = Number(form.elements[name].value);
      if (!Number.isInteger(n) || n < 1) ok = false;
      p[name] = n;
    });
    ["stage", "industry", "businesses", "markets", "work", "environment"].forEach(function (name) {
      var raw = params.get(name);
      var field = form.elements[name];
      if (raw !== null && Array.prototype.some.call(field.options, function (o) { return o.value === raw; })) field.value = raw;
      p[name] = field.value;
    });
    return ok ? p : null;
  }

  function show(root, data, p) {
    var list = root.querySelector(".selector-results");
    var empty = root.querySelector(".selector-empty");
    list.textContent = "";
    if (!p) {
      empty.textContent = "员工人数、经营网点数和法人公司数都要填不小于 1 的整数。";
      return;
    }
    empty.textContent = "按得分从高到低排列（得分是所有适用规则的权重之和）：";
    rank(data, p).forEach(function (r) {
      var s = data.structures[r.structure];
      var li = document.createElement("li");
      li.dataset.structure = r.structure;
      li.dataset.score = String(r.score);
      var head = document.createElement("p");
      head.appendChild(link(s.url, s.title));
      head.appendChild(text("span", "　得分 " + r.score, "selector-score"));
      li.appendChild(head);
      if (r.reasons.length) {
        var ul = document.createElement("ul");
        r.reasons.forEach(function (why) { ul.appendChild(text("li", why)); });
        li.appendChild(ul);
      }
      if (s.templates.length) {
        var ex = text("p", "示例模板：", "selector-examples");
        s.templates.slice(0, 3).forEach(function (t, i) {
          if (i) ex.appendChild(document.createTextNode("、"));
          ex.appendChild(link(t.url, t.title));
        });
        li.appendChild(ex);
      }
      list.appendChild(li);
    });
  }

  function init() {
    var dataEl = document.getElementById("selector-data");
    var form = document.querySelector(".selector-form");
    if (!dataEl || !form) return;
    var data = JSON.parse(dataEl.textContent);
    var root = document.querySelector(".selector-output");
    var params = new URLSearchParams(window.location.search);
    if (params.has("employees")) show(root, data, profileFrom(form, params));
  }

  window.orgkitSelectorRank = rank;  // for the tests that compare with orgkit suggest
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
