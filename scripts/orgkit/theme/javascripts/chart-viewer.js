/*
 * 组织图全屏查看: every chart (.org-chart) gets a button that opens it in a
 * full-screen viewer where it can be panned (drag, arrow keys) and zoomed
 * (pinch, wheel, + and − buttons and keys). On a phone a company chart shrunk to
 * the column width is unreadable; the viewer opens it at its natural size, where
 * box text is 14 px, centred on the top of the chart.
 *
 * The chart's own <svg> moves into the viewer and back when it closes, so its ids
 * (title, description, arrow markers) stay unique on the page. No library, no
 * request: plain pointer events and a CSS transform.
 */
(function () {
  "use strict";

  if (window.__orgkitChartViewer) return; // included twice: bind once
  window.__orgkitChartViewer = true;

  var MIN_SCALE = 0.05;
  var MAX_SCALE = 4;
  var STEP = 1.25; // one button press or key press
  var DRAG_SLOP = 6; // px a pointer may move and still click a box link

  var viewer = null; // built on first use
  var state = null; // {svg, home, next, style, width, height, scale, x, y}

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, act, title) {
    var b = el("button", "chart-viewer__button", label);
    b.type = "button";
    b.setAttribute("data-act", act);
    if (title) {
      b.title = title;
      b.setAttribute("aria-label", title);
    }
    return b;
  }

  function build() {
    var dialog = el("dialog", "chart-viewer");
    dialog.setAttribute("aria-labelledby", "chart-viewer-title");
    var bar = el("div", "chart-viewer__bar");
    var title = el("h2", "chart-viewer__title");
    title.id = "chart-viewer-title";
    var tools = el("div", "chart-viewer__tools");
    tools.append(
      button("−", "out", "缩小"),
      button("＋", "in", "放大"),
      button("适应屏幕", "fit"),
      button("原始大小", "actual"),
      button("关闭", "close")
    );
    bar.append(title, tools);
    var stage = el("div", "chart-viewer__stage");
    stage.tabIndex = 0;
    stage.setAttribute("aria-label", "组织图：拖动平移，双指或滚轮缩放；方向键平移，加号减号缩放，0 适应屏幕");
    var canvas = el("div", "chart-viewer__canvas");
    stage.append(canvas);
    var hint = el("p", "chart-viewer__hint", "拖动平移 · 双指或滚轮缩放 · 点击方框打开岗位说明书");
    dialog.append(bar, stage, hint);
    document.body.append(dialog);

    tools.addEventListener("click", function (event) {
      var act = event.target.closest("[data-act]");
      if (!act) return;
      var name = act.getAttribute("data-act");
      if (name === "close") dialog.close();
      else if (name === "in") zoomAtCentre(STEP);
      else if (name === "out") zoomAtCentre(1 / STEP);
      else if (name === "fit") fit();
      else if (name === "actual") actual();
    });
    dialog.addEventListener("close", restore);
    stage.addEventListener("keydown", onKey);
    stage.addEventListener("wheel", onWheel, { passive: false });
    stage.addEventListener("pointerdown", onPointerDown);
    stage.addEventListener("pointermove", onPointerMove);
    stage.addEventListener("pointerup", onPointerUp);
    stage.addEventListener("pointercancel", onPointerUp);
    // A drag that starts on a box must not follow the box's link when it ends.
    stage.addEventListener("click", function (event) {
      if (dragged) {
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);
    return { dialog: dialog, title: title, stage: stage, canvas: canvas };
  }

  // ---------------------------------------------------------------------------
  // Open and close

  function naturalSize(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    var width = parseFloat(svg.getAttribute("width")) || (box && box.width) || 800;
    var height = parseFloat(svg.getAttribute("height")) || (box && box.height) || 600;
    return { width: width, height: height };
  }

  function open(holder, opener) {
    var svg = holder.querySelector("svg");
    if (!svg) return;
    viewer = viewer || build();
    var size = naturalSize(svg);
    state = {
      svg: svg, home: svg.parentNode, next: svg.nextSibling, style: svg.getAttribute("style"),
      width: size.width, height: size.height, scale: 1, x: 0, y: 0, opener: opener
    };
    var label = svg.querySelector("title");
    viewer.title.textContent = (label ? label.textContent : "组织图") + "（全屏）";
    svg.setAttribute("style", "max-width:none;width:" + size.width + "px;height:" + size.height + "px");
    viewer.canvas.append(svg);
    viewer.dialog.showModal();
    actual();
    viewer.stage.focus({ preventScroll: true });
  }

  function restore() {
    if (!state) return;
    var svg = state.svg;
    if (state.style === null) svg.removeAttribute("style");
    else svg.setAttribute("style", state.style);
    state.home.insertBefore(svg, state.next);
    var opener = state.opener;
    state = null;
    if (opener && opener.focus) opener.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------------------
  // The view: translate, then scale, from the stage's top left corner

  function stageSize() {
    var rect = viewer.stage.getBoundingClientRect();
    return { width: rect.width, height: rect.height, left: rect.left, top: rect.top };
  }

  function apply() {
    viewer.canvas.style.transform = "translate(" + state.x + "px," + state.y + "px) scale(" + state.scale + ")";
    viewer.canvas.setAttribute("data-scale", state.scale.toFixed(3));
  }

  function clampScale(scale) {
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
  }

  // Zoom by ``factor`` keeping the chart point under (px, py) (stage coordinates) in place.
  function zoomAt(factor, px, py) {
    var scale = clampScale(state.scale * factor);
    var k = scale / state.scale;
    state.x = px - (px - state.x) * k;
    state.y = py - (py - state.y) * k;
    state.scale = scale;
    apply();
  }

  function zoomAtCentre(factor) {
    var size = stageSize();
    zoomAt(factor, size.width / 2, size.height / 2);
  }

  function fit() {
    var size = stageSize();
    var scale = clampScale(Math.min(size.width / state.width, size.height / state.height, 1));
    state.scale = scale;
    state.x = (size.width - state.width * scale) / 2;
    state.y = (size.height - state.height * scale) / 2;
    apply();
  }

  // Natural size: centred when it fits, else the top of the chart (its root) in view.
  function actual() {
    var size = stageSize();
    state.scale = 1;
    state.x = (size.width - state.width) / 2;
    state.y = state.height <= size.height ? (size.height - state.height) / 2 : 0;
    apply();
  }

  function pan(dx, dy) {
    state.x += dx;
    state.y += dy;
    apply();
  }

  // ---------------------------------------------------------------------------
  // Input

  function onKey(event) {
    var step = 60;
    var keys = {
      ArrowLeft: function () { pan(step, 0); },
      ArrowRight: function () { pan(-step, 0); },
      ArrowUp: function () { pan(0, step); },
      ArrowDown: function () { pan(0, -step); },
      "+": function () { zoomAtCentre(STEP); },
      "=": function () { zoomAtCentre(STEP); },
      "-": function () { zoomAtCentre(1 / STEP); },
      "0": fit
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  }

  function onWheel(event) {
    event.preventDefault();
    var size = stageSize();
    var delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    zoomAt(Math.exp(-delta * 0.0015), event.clientX - size.left, event.clientY - size.top);
  }

  var pointers = new Map(); // pointerId → {x, y}
  var start = null; // first pointer's position, to tell a drag from a tap
  var dragged = false;
  var pinch = null; // {distance, x, y}

  function midpoint() {
    var list = Array.from(pointers.values());
    return {
      x: (list[0].x + list[1].x) / 2,
      y: (list[0].y + list[1].y) / 2,
      distance: Math.hypot(list[0].x - list[1].x, list[0].y - list[1].y)
    };
  }

  function onPointerDown(event) {
    if (event.button !== undefined && event.button > 0) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 1) {
      start = { x: event.clientX, y: event.clientY };
      dragged = false;
    } else if (pointers.size === 2) {
      pinch = midpoint();
      dragged = true;
    }
  }

  function onPointerMove(event) {
    var last = pointers.get(event.pointerId);
    if (!last) return;
    var now = { x: event.clientX, y: event.clientY };
    if (pointers.size === 1) {
      if (!dragged && Math.hypot(now.x - start.x, now.y - start.y) > DRAG_SLOP) {
        dragged = true;
        // Keep receiving moves even when the pointer leaves the box it started on.
        if (viewer.stage.setPointerCapture) viewer.stage.setPointerCapture(event.pointerId);
      }
      if (dragged) pan(now.x - last.x, now.y - last.y);
      pointers.set(event.pointerId, now);
      return;
    }
    pointers.set(event.pointerId, now);
    if (pointers.size === 2 && pinch) {
      var next = midpoint();
      var size = stageSize();
      pan(next.x - pinch.x, next.y - pinch.y);
      if (pinch.distance > 0) zoomAt(next.distance / pinch.distance, next.x - size.left, next.y - size.top);
      pinch = next;
    }
  }

  function onPointerUp(event) {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
    if (pointers.size === 1) {
      var rest = pointers.values().next().value;
      start = { x: rest.x, y: rest.y };
    }
  }

  // ---------------------------------------------------------------------------
  // One button above each chart, where a phone reader sees it before the shrunk chart

  function setup() {
    document.querySelectorAll(".md-typeset .org-chart").forEach(function (holder) {
      var before = holder.previousElementSibling;
      if (!holder.querySelector("svg") || (before && before.classList.contains("chart-open"))) return;
      var opener = el("button", "md-button chart-open", "全屏查看组织图");
      opener.type = "button";
      opener.addEventListener("click", function () { open(holder, opener); });
      holder.before(opener);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
