/*
 * 复制岗位说明书: one click puts the duty spec on the clipboard twice over —
 * as rich text (text/html: headings, numbered lists, a bordered table) for Word,
 * WPS, 飞书 and 钉钉 documents, and as plain text for everything else.
 *
 * Markup on a role page:
 *   <button class="md-button copy-spec" type="button" data-copy-target=".role-spec">复制岗位说明书</button>
 *   <div class="role-spec">…rendered spec…</div>
 *
 * The page HTML is full of site chrome (Material classes, permalink “¶” anchors,
 * scroll wrappers around tables). Pasted as is, Word keeps the ¶ signs, drops the
 * table borders (they come from the site's CSS) and links every heading. So the
 * spec is rebuilt from an allowlist of plain elements with inline styles.
 */
(function () {
  "use strict";

  if (window.__orgkitCopySpec) return; // included twice: bind once
  window.__orgkitCopySpec = true;

  var DONE_MS = 2000;
  var LABEL_DONE = "已复制";
  var LABEL_FAILED = "复制失败";
  var MSG_DONE = "岗位说明书已复制，可直接粘贴到 Word、WPS、飞书或钉钉文档。";
  var MSG_FAILED = "复制失败：请选中岗位说明书内容后按 Ctrl+C（Mac 上按 ⌘C）复制。";

  // Fonts as a Chinese office document uses them; Word keeps inline fonts on paste.
  var BODY_FONT = "font-family:SimSun,'宋体',serif;font-size:10.5pt;line-height:1.5;color:#000";
  var HEADING_FONT = "font-family:SimHei,'黑体',sans-serif;font-weight:bold;color:#000";
  var HEADING_SIZE = { h1: "18pt", h2: "14pt", h3: "12pt", h4: "10.5pt", h5: "10.5pt", h6: "10.5pt" };
  // Borders inline (and as the old border attribute, which 钉钉/飞书 read) so they survive the paste.
  var CELL_STYLE = "border:1px solid #000;padding:4px 8px;vertical-align:top;text-align:left";

  // Elements kept as they are; everything else is unwrapped to its content.
  var KEEP = {
    h1: 1, h2: 1, h3: 1, h4: 1, h5: 1, h6: 1, p: 1, ol: 1, ul: 1, li: 1,
    table: 1, thead: 1, tbody: 1, tfoot: 1, tr: 1, th: 1, td: 1, caption: 1,
    strong: 1, b: 1, em: 1, i: 1, br: 1, blockquote: 1, sub: 1, sup: 1
  };
  // Containers that become a paragraph when they hold text directly.
  var BLOCKS = { div: 1, section: 1, article: 1, details: 1, summary: 1, figure: 1, figcaption: 1, dt: 1, dd: 1, aside: 1 };
  // Site chrome that must never reach the clipboard.
  var DROP = [
    ".headerlink", ".md-clipboard", ".md-annotation__index", ".copy-spec", ".copy-spec-status",
    "script", "style", "template", "noscript", "button", "svg", "img", "input", "[hidden]", "[aria-hidden='true']"
  ].join(",");

  // ---------------------------------------------------------------------------
  // Clean HTML

  function hasOwnText(el) {
    for (var n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3 && n.nodeValue.trim()) return true;
    }
    return false;
  }

  function styleFor(tag) {
    if (HEADING_SIZE[tag]) return HEADING_FONT + ";font-size:" + HEADING_SIZE[tag] + ";margin:12pt 0 6pt";
    // Full width: pasted tables otherwise shrink to their content and wrap every label.
    if (tag === "table") return "width:100%;border-collapse:collapse;border:1px solid #000;margin:6pt 0";
    if (tag === "th") return CELL_STYLE + ";background:#f2f2f2;font-weight:bold";
    if (tag === "td") return CELL_STYLE;
    if (tag === "p") return "margin:0 0 4pt";
    if (tag === "ol" || tag === "ul") return "margin:0 0 4pt;padding-left:2em";
    return "";
  }

  function cleanInto(node, out) {
    if (node.nodeType === 3) {
      out.appendChild(document.createTextNode(node.nodeValue));
      return;
    }
    if (node.nodeType !== 1 || node.matches(DROP)) return;
    var tag = node.tagName.toLowerCase();
    var target = out;
    if (KEEP[tag] || (BLOCKS[tag] && hasOwnText(node))) {
      target = document.createElement(KEEP[tag] ? tag : "p");
      ["colspan", "rowspan", "start"].forEach(function (name) {
        if (node.hasAttribute(name)) target.setAttribute(name, node.getAttribute(name));
      });
      var style = styleFor(target.tagName.toLowerCase());
      if (style) target.setAttribute("style", style);
      if (tag === "table") {
        target.setAttribute("width", "100%");
        target.setAttribute("border", "1");
        target.setAttribute("cellspacing", "0");
        target.setAttribute("cellpadding", "6");
      }
      if (tag === "dt") target.setAttribute("style", "margin:0;font-weight:bold");
      out.appendChild(target);
    }
    for (var child = node.firstChild; child; child = child.nextSibling) cleanInto(child, target);
  }

  function collapse(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  /** The spec's title: the page heading, with 岗位说明书 added when it is just the role name. */
  function specTitle(button) {
    var title = button.getAttribute("data-copy-title");
    if (!title) {
      var h1 = document.querySelector(".md-content h1, article h1, h1");
      if (h1) {
        var copy = document.createElement("div");
        cleanInto(h1, copy);
        title = collapse(copy.textContent);
      }
    }
    if (!title) return "";
    return title.indexOf("岗位说明书") === -1 ? title + "岗位说明书" : title;
  }

  // Tables the spec uses as forms, by shape: "pairs" (label, value, label, value —
  // the 基本信息 block) or "rows" (label, value, under a column-name header row).
  var formTables = new WeakMap();

  function retag(cell, tag) {
    if (cell.tagName.toLowerCase() === tag) return cell;
    var other = document.createElement(tag);
    ["colspan", "rowspan"].forEach(function (name) {
      if (cell.hasAttribute(name)) other.setAttribute(name, cell.getAttribute(name));
    });
    while (cell.firstChild) other.appendChild(cell.firstChild);
    cell.parentNode.replaceChild(other, cell);
    return other;
  }

  function styleCell(cell, label, width) {
    cell = retag(cell, label ? "th" : "td");
    cell.setAttribute("style", styleFor(label ? "th" : "td") + ";width:" + width + (label ? ";white-space:nowrap" : ""));
    cell.setAttribute("width", width);
  }

  /** Markdown forces a header row on every table; make label cells look like labels again. */
  function normalizeTable(table) {
    var rows = Array.prototype.slice.call(table.rows);
    var widths = rows.map(function (row) { return row.cells.length; });
    var width = widths[0];
    if (!rows.length || !widths.every(function (w) { return w === width; })) return;
    if (width === 4) {
      // 岗位名称 | 出纳 | 英文名称 | Cashier: the "header" row is data. One body, no header row.
      var body = document.createElement("tbody");
      rows.forEach(function (row) {
        body.appendChild(row);
        Array.prototype.slice.call(row.cells).forEach(function (cell, i) {
          styleCell(cell, i % 2 === 0, i % 2 === 0 ? "15%" : "35%");
        });
      });
      while (table.firstChild) table.removeChild(table.firstChild);
      table.appendChild(body);
      formTables.set(table, "pairs");
    } else if (width === 2 && table.tHead) {
      rows.forEach(function (row) {
        if (row.parentNode === table.tHead) {
          // Real column names: keep them as the header, with the body's widths.
          row.cells[0].setAttribute("width", "18%");
          row.cells[1].setAttribute("width", "82%");
          return;
        }
        styleCell(row.cells[0], true, "18%");
        styleCell(row.cells[1], false, "82%");
      });
      formTables.set(table, "rows");
    }
  }

  function cleanSpec(source, title) {
    var root = document.createElement("div");
    root.setAttribute("style", BODY_FONT);
    for (var child = source.firstChild; child; child = child.nextSibling) cleanInto(child, root);
    Array.prototype.forEach.call(root.querySelectorAll("table"), normalizeTable);
    if (title && !root.querySelector("h1")) {
      var h1 = document.createElement("h1");
      h1.setAttribute("style", styleFor("h1") + ";text-align:center");
      h1.textContent = title;
      root.insertBefore(h1, root.firstChild);
    }
    return root;
  }

  // ---------------------------------------------------------------------------
  // Plain text: same layout as the .txt download (numbered items, “标签：内容” rows).

  function inlineText(el) {
    var parts = [];
    (function walk(node) {
      for (var n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) parts.push(n.nodeValue);
        else if (n.nodeType === 1) {
          var tag = n.tagName.toLowerCase();
          if (tag === "ol" || tag === "ul" || tag === "table") continue; // rendered as their own lines
          if (tag === "br") parts.push("\n");
          else {
            if (tag === "p" && parts.length) parts.push(" ");
            walk(n);
          }
        }
      }
    })(el);
    return parts.join("").split("\n").map(collapse).join("\n").trim();
  }

  function tableLines(table) {
    var lines = [];
    var kind = formTables.get(table);
    Array.prototype.forEach.call(table.rows, function (row) {
      var cells = Array.prototype.slice.call(row.cells);
      if (kind === "pairs") {
        // 岗位名称 | 出纳 | 英文名称 | Cashier → one “标签：内容” line per pair.
        for (var i = 0; i + 1 < cells.length; i += 2) lines.push(inlineText(cells[i]) + "：" + inlineText(cells[i + 1]));
      } else if (kind === "rows") {
        if (row.parentNode === table.tHead) return; // “项目 | 要求” says nothing in text
        var items = inlineText(cells[1]).split("\n").filter(Boolean);
        if (items.length > 1) {
          // Several values (one per line in the cell): numbered under the label, as in the .txt download.
          lines.push(inlineText(cells[0]) + "：");
          items.forEach(function (item, n) { lines.push("  " + (n + 1) + ". " + item); });
        } else {
          lines.push(inlineText(cells[0]) + "：" + (items[0] || ""));
        }
      } else {
        lines.push(cells.map(function (cell) { return inlineText(cell).replace(/\n/g, " "); }).join("\t"));
      }
    });
    return lines;
  }

  function listLines(list, indent) {
    var lines = [];
    var ordered = list.tagName === "OL";
    var n = ordered && list.hasAttribute("start") ? parseInt(list.getAttribute("start"), 10) || 1 : 1;
    Array.prototype.forEach.call(list.children, function (li) {
      if (li.tagName !== "LI") return;
      lines.push(indent + (ordered ? n++ + ". " : "• ") + inlineText(li));
      Array.prototype.forEach.call(li.children, function (child) {
        if (child.tagName === "OL" || child.tagName === "UL") lines = lines.concat(listLines(child, indent + "  "));
        if (child.tagName === "TABLE") lines = lines.concat(tableLines(child));
      });
    });
    return lines;
  }

  function plainText(root) {
    var lines = [];
    (function walk(node) {
      Array.prototype.forEach.call(node.children, function (el) {
        var tag = el.tagName.toLowerCase();
        if (/^h[1-6]$/.test(tag)) {
          if (lines.length) lines.push("");
          lines.push(inlineText(el));
        } else if (tag === "ol" || tag === "ul") {
          lines = lines.concat(listLines(el, ""));
        } else if (tag === "table") {
          lines = lines.concat(tableLines(el));
        } else if (tag === "p" || tag === "blockquote" || tag === "caption") {
          var text = inlineText(el);
          if (text) lines.push(text);
          if (tag === "blockquote") walk(el);
        } else {
          walk(el);
        }
      });
    })(root);
    return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  }

  // ---------------------------------------------------------------------------
  // Clipboard

  /** Old browsers and insecure origins: copy a hidden selection, filling both formats in the copy event. */
  function legacyCopy(html, text) {
    var holder = document.createElement("div");
    holder.contentEditable = "true";
    holder.setAttribute("aria-hidden", "true");
    // Off-screen, not display:none: a hidden element cannot hold a selection.
    holder.style.cssText = "position:fixed;left:-10000px;top:0;width:1px;height:1px;overflow:hidden;opacity:0";
    holder.innerHTML = html;
    document.body.appendChild(holder);
    var selection = window.getSelection();
    var saved = [];
    for (var i = 0; i < selection.rangeCount; i++) saved.push(selection.getRangeAt(i));
    var range = document.createRange();
    range.selectNodeContents(holder);
    selection.removeAllRanges();
    selection.addRange(range);
    function onCopy(event) {
      if (!event.clipboardData) return; // then the browser copies the selection itself
      event.clipboardData.setData("text/html", html);
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
    }
    document.addEventListener("copy", onCopy, true);
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (err) {
      ok = false;
    }
    document.removeEventListener("copy", onCopy, true);
    selection.removeAllRanges();
    saved.forEach(function (r) { selection.addRange(r); });
    holder.remove();
    return ok;
  }

  function writeClipboard(html, text) {
    var legacy = function () {
      return legacyCopy(html, text) ? Promise.resolve() : Promise.reject(new Error("execCommand copy failed"));
    };
    if (!(navigator.clipboard && navigator.clipboard.write && window.ClipboardItem)) return legacy();
    var item;
    try {
      item = new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      });
    } catch (err) {
      return legacy();
    }
    // Denied permission or an unsupported type: the legacy path still works in most browsers.
    return navigator.clipboard.write([item]).catch(legacy);
  }

  // ---------------------------------------------------------------------------
  // Feedback

  function statusFor(button) {
    var next = button.nextElementSibling;
    if (next && next.classList.contains("copy-spec-status")) return next;
    var status = document.createElement("span");
    status.className = "copy-spec-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    // Visually hidden, still read by screen readers; the button label is the visible cue.
    status.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;" +
      "clip:rect(0 0 0 0);white-space:nowrap;border:0";
    button.insertAdjacentElement("afterend", status);
    return status;
  }

  function feedback(button, ok) {
    if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
    button.textContent = ok ? LABEL_DONE : LABEL_FAILED;
    button.classList.toggle("copy-spec--done", ok);
    button.classList.toggle("copy-spec--failed", !ok);
    statusFor(button).textContent = ok ? MSG_DONE : MSG_FAILED;
    clearTimeout(button._copySpecTimer);
    button._copySpecTimer = setTimeout(function () {
      button.textContent = button.getAttribute("data-label");
      button.classList.remove("copy-spec--done", "copy-spec--failed");
    }, DONE_MS);
  }

  function targetFor(button) {
    var selector = button.getAttribute("data-copy-target") || ".role-spec";
    for (var el = button.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.matches(selector)) return el;
    }
    return document.querySelector(selector);
  }

  function copySpec(button) {
    var source = targetFor(button);
    if (!source) return feedback(button, false);
    var root = cleanSpec(source, specTitle(button));
    var html = root.outerHTML;
    var text = plainText(root);
    writeClipboard(html, text).then(
      function () { feedback(button, true); },
      function () { feedback(button, false); }
    );
  }

  // One delegated listener: Material's instant navigation swaps the page content
  // without reloading scripts, so listeners bound to old buttons would be lost.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy-spec");
    if (button) {
      event.preventDefault();
      copySpec(button);
    }
  });

  // Create the live regions up front: screen readers only announce changes to a
  // region that already existed.
  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("button.copy-spec"), statusFor);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup); // fires on first load and after every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }

  // For tests and for other scripts that want the same clean output.
  window.orgkitCopySpec = { clean: cleanSpec, plainText: plainText };
})();
