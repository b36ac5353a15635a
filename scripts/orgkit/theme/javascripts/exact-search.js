/*
 * Search: a structure type, template or role whose title, alias or English name
 * equals the query comes first in Material's result list.
 *
 * Material's lunr search cuts a Chinese query into words it finds in the index
 * and never tries the whole query as one word, so 总经理 can list 总工程师 and
 * 经理助理 before the 总经理 spec. The table search/exact-names.json (built by
 * orgkit.search_names) maps every normalised name to its pages; whenever
 * Material renders results, the pages named by the query are moved to the top,
 * or added there when Material has not rendered them (yet).
 */
(function () {
  "use strict";

  if (window.__orgkitExactSearch) return; // included twice: bind once
  window.__orgkitExactSearch = true;

  // This file is served from <site>/javascripts/; the table from <site>/search/.
  var SITE_ROOT = new URL("..", document.currentScript.src);
  var TABLE_URL = new URL("search/exact-names.json", SITE_ROOT);
  var MARK = "data-orgkit-exact"; // on items this script added

  var table = null;
  var loading = null;

  function normalise(text) {
    return (text || "").normalize("NFKC").replace(/[\s\u200b]+/g, "").toLowerCase();
  }

  function load() {
    if (!loading) {
      loading = fetch(TABLE_URL.href)
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { table = data; arrange(); })
        .catch(function () { /* no table: Material's order stands */ });
    }
    return loading;
  }

  function pathOf(href) {
    var url = new URL(href, location.href);
    return url.origin + url.pathname;
  }

  function itemPath(item) {
    var link = item.querySelector("a.md-search-result__link");
    return link ? pathOf(link.href) : null;
  }

  // A result item in the shape Material renders (text only, no markup from data).
  function makeItem(page) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    item.setAttribute(MARK, "");
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(page[0], SITE_ROOT).href;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = page[1];
    var text = document.createElement("p");
    text.textContent = page[2];
    article.append(icon, title, text);
    link.append(article);
    item.append(link);
    return item;
  }

  // Idempotent: called after every change of the list, including its own.
  function arrange() {
    var input = document.querySelector("input.md-search__input");
    var list = document.querySelector(".md-search-result__list");
    if (!table || !input || !list || !list.firstElementChild) return;
    var wanted = (table.names[normalise(input.value)] || []).map(function (i) { return table.pages[i]; });
    if (!wanted.length) {
      list.querySelectorAll("[" + MARK + "]").forEach(function (item) { item.remove(); });
      return;
    }
    var items = Array.prototype.slice.call(list.children);
    var front = wanted.map(function (page) {
      var path = pathOf(new URL(page[0], SITE_ROOT).href);
      var own = items.filter(function (item) { return !item.hasAttribute(MARK) && itemPath(item) === path; })[0];
      var added = items.filter(function (item) { return item.hasAttribute(MARK) && itemPath(item) === path; })[0];
      if (own && added) added.remove();
      return own || added || makeItem(page);
    });
    // Stale additions from an earlier query.
    items.forEach(function (item) {
      if (item.hasAttribute(MARK) && front.indexOf(item) < 0) item.remove();
    });
    // Front to back: moving an item to position k leaves positions before k alone.
    for (var k = 0; k < front.length; k++) {
      if (list.children[k] !== front[k]) list.insertBefore(front[k], list.children[k] || null);
    }
  }

  function start() {
    var input = document.querySelector("input.md-search__input");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !list) return;
    input.addEventListener("focus", load);
    if (document.activeElement === input) load();
    new MutationObserver(arrange).observe(list, { childList: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
