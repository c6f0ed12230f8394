/* Drag agenda items with the mouse to reorder them: a progressive enhancement.
 *
 * Without this script the Up and Down buttons do the same. An item moves only among its
 * siblings (main items, or the sub-items of one item). On drop the new place is posted to
 * the item's move address, the server (the same move service as the buttons) answers with
 * the renumbered list, and the polite live region says where the item went.
 */
(function () {
  "use strict";

  var announce = document.getElementById("agenda-announce");
  var dragged = null;
  var startIndex = -1;
  var startNext = null;

  function items(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.tagName === "LI" && el.dataset.moveUrl;
    });
  }

  function sibling(target) {
    // The item under the pointer that shares the dragged item's list.
    var li = target && target.closest ? target.closest("li[data-move-url]") : null;
    while (li && li.parentElement !== dragged.parentElement) {
      li = li.parentElement.closest("li[data-move-url]");
    }
    return li;
  }

  function say(text) {
    announce.textContent = "";
    window.setTimeout(function () { announce.textContent = text; }, 50);
  }

  function save(li, place) {
    var form = li.querySelector("form");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("to", String(place));
    return fetch(li.dataset.moveUrl, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.message); }
        return data;
      });
    });
  }

  function enable(root) {
    root.querySelectorAll("ol[data-sortable] > li[data-move-url]").forEach(function (li) {
      li.setAttribute("draggable", "true");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var li = event.target.closest && event.target.closest("li[draggable=true]");
    if (!li) { return; }
    dragged = li;
    startIndex = items(li.parentElement).indexOf(li);
    startNext = li.nextSibling;
    li.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", li.id);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var over = sibling(event.target);
    if (!over) { return; }
    event.preventDefault();
    if (over === dragged) { return; }
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentElement.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) { event.preventDefault(); }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    var li = dragged;
    var list = li.parentElement;
    var index = items(list).indexOf(li);
    li.classList.remove("dragging");
    dragged = null;
    if (index === startIndex) { return; }
    save(li, index + 1).then(function (data) {
      var old = document.getElementById("agenda-list");
      old.insertAdjacentHTML("afterend", data.html);
      old.remove();
      enable(document);
      say(data.message);
    }).catch(function (error) {
      list.insertBefore(li, startNext);  // back where it was: the move was not saved
      say(error.message || announce.dataset.failed);
    });
  });

  if (announce) { enable(document); }
})();
