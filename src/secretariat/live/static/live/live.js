/* Live session pages: follow the session's event stream and update the page in place.
   Each event carries the whole state for this page's audience; personal touches (my
   delegation's place) are derived here. Without this script the pages work by reloading. */
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root || !window.EventSource) return;
  var labels = JSON.parse(document.getElementById("live-labels").textContent);
  var lang = String(labels.lang || "en").indexOf("fr") === 0 ? "fr" : "en";
  var skew = Number(root.dataset.serverNow) - Date.now(); // the server's clock minus ours
  var mine = root.dataset.delegation ? Number(root.dataset.delegation) : null;
  var reloadOnChange = root.dataset.reloadOnChange === "yes";
  var state = JSON.parse(document.getElementById("live-state").textContent);

  function all(name) {
    return document.querySelectorAll('[data-live="' + name + '"]');
  }
  function pick(data, base) {
    return data[base + "_" + lang] || data[base + "_en"] || "";
  }
  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  // What makes the chair's console change shape (its forms), not just its text.
  function shape(s) {
    var roll = s.roll_call ? [s.roll_call.id, s.roll_call.present_ids] : null;
    return JSON.stringify([s.item && s.item.id, s.list_open, roll]);
  }

  function speakerItem(speaker) {
    var li = document.createElement("li");
    li.dataset.delegation = speaker.delegation;
    li.textContent = pick(speaker, "name");
    if (speaker.kind !== "floor") {
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = labels[speaker.kind] || speaker.kind;
      li.append(" ", badge);
    }
    if (speaker.delegation === mine) li.classList.add("mine");
    return li;
  }

  function render(s) {
    if (reloadOnChange && shape(s) !== shape(state)) {
      window.location.reload();
      return;
    }
    state = s;
    all("item").forEach(function (el) {
      el.textContent = s.item ? s.item.number + ". " + pick(s.item, "title") : el.dataset.empty;
    });
    all("list").forEach(function (el) {
      el.textContent = s.list_open ? el.dataset.open : el.dataset.closed;
    });
    all("speaking").forEach(function (el) {
      el.textContent = s.speaking ? pick(s.speaking, "name") : el.dataset.empty;
    });
    all("waiting").forEach(function (el) {
      el.replaceChildren();
      s.waiting.forEach(function (speaker) { el.append(speakerItem(speaker)); });
      if (!s.waiting.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = el.dataset.empty;
        el.append(none);
      }
    });
    // Another item's documents are not this one's: hidden until the page is reloaded.
    document.querySelectorAll("[data-item-documents]").forEach(function (el) {
      el.hidden = !s.item || String(s.item.id) !== el.dataset.itemDocuments;
    });
    all("after").forEach(function (el) { el.value = s.speaking ? s.speaking.id : ""; });
    all("roll-call").forEach(function (el) {
      var r = s.roll_call;
      el.hidden = !r;
      if (r) {
        el.textContent = format(el.dataset.template, {
          present: r.present, total: r.total, quorum: r.quorum,
          reached: r.present >= r.quorum ? el.dataset.reached : el.dataset.notReached
        });
      }
    });
    renderMine(s);
  }

  function renderMine(s) {
    if (mine === null) return;
    var speaking = s.speaking && s.speaking.delegation === mine;
    var place = s.waiting.findIndex(function (w) { return w.delegation === mine; }) + 1;
    all("my-place").forEach(function (el) {
      el.textContent = speaking ? el.dataset.speaking
        : place ? format(el.dataset.place, { place: place }) : el.dataset.none;
    });
    document.querySelectorAll("[data-when]").forEach(function (el) {
      var onList = speaking || place > 0;
      el.hidden = (el.dataset.when === "on-list") !== onList;
    });
  }

  function tick() {
    var t = state.timer;
    var left = t.limit - t.elapsed;
    if (t.since) left -= (Date.now() + skew - t.since) / 1000;
    var seconds = Math.floor(Math.abs(left));
    var text = (left < 0 ? "-" : "") + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    all("timer").forEach(function (el) {
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle("warning", left <= t.warning && left >= 0 && Boolean(state.speaking));
      el.classList.toggle("over", left < 0 && Boolean(state.speaking));
    });
  }

  function connection(ok) {
    all("connection").forEach(function (el) {
      el.textContent = ok ? el.dataset.liveText : el.dataset.lostText;
    });
  }

  var source = new EventSource(root.dataset.stream);
  source.addEventListener("state", function (event) { render(JSON.parse(event.data)); });
  source.addEventListener("open", function () { connection(true); });
  source.addEventListener("error", function () { connection(false); });
  renderMine(state);
  tick();
  window.setInterval(tick, 250);
})();
