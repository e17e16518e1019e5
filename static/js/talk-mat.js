// The sorting mat: a placed card is shown under its heading on every copy of its mat, and a card
// can be dragged onto a heading (or its column) as an extra: tapping the heading is enough.

export function placeCard(main, step, keys) {
  if (!step || step.dataset.type !== "sort_card") return;
  const position = step.dataset.position;
  const mats = `.mat[data-mat="${step.dataset.group}"]`;
  for (const old of main.querySelectorAll(`${mats} [data-card="${position}"]`)) old.remove();
  const cardLabel = step.querySelector(".card").dataset.label;
  const picture = step.querySelector(".card__picture");
  for (const list of main.querySelectorAll(`${mats} [data-heading="${keys[0]}"]`)) {
    const item = document.createElement("li");
    item.className = "mat__card";
    item.dataset.card = position;
    if (picture) {
      const image = document.createElement("img");
      image.src = picture.src;
      image.alt = "";
      image.width = image.height = 48;
      item.append(image, " ");
    }
    item.append(cardLabel);
    list.append(item);
  }
}

// `drop(heading)` is called with the heading button a card was dropped on. A mouse drags with the
// browser's own drag and drop; a finger or pen (which that does not serve on every tablet) moves
// the card with pointer events, and lifting it over a heading or its column on the mat drops it.
const START_DRAG_PX = 12;

export function allowDragging(main, drop) {
  function headingAt(element) {
    const step = element && element.closest("section.step");
    const column = element && element.closest("[data-drop-heading]");
    const key = column ? column.dataset.dropHeading : null;
    return (element && element.closest(".choice--heading")) ||
      (key && step ? step.querySelector(`.choice--heading[value="${key}"]`) : null);
  }
  main.addEventListener("dragstart", (event) => {
    if (event.target.closest(".card")) event.dataTransfer.setData("text/plain", "card");
  });
  main.addEventListener("dragover", (event) => { if (headingAt(event.target)) event.preventDefault(); });
  main.addEventListener("drop", (event) => {
    const heading = headingAt(event.target);
    if (!heading) return;
    event.preventDefault();
    drop(heading);
  });

  let held = null;  // the card a finger is on: { card, id, x, y, moving }
  main.addEventListener("pointerdown", (event) => {
    const card = event.target.closest(".card[draggable]");
    if (!card || event.pointerType === "mouse" || held) return;
    held = { card, id: event.pointerId, x: event.clientX, y: event.clientY, moving: false };
    card.setPointerCapture(event.pointerId);
  });
  main.addEventListener("pointermove", (event) => {
    if (!held || event.pointerId !== held.id) return;
    const dx = event.clientX - held.x;
    const dy = event.clientY - held.y;
    if (!held.moving && Math.hypot(dx, dy) < START_DRAG_PX) return;
    held.moving = true;
    held.card.classList.add("card--dragging");
    held.card.style.transform = `translate(${dx}px, ${dy}px)`;
  });
  function letGo(event, dropping) {
    if (!held || event.pointerId !== held.id) return;
    const { card, moving } = held;
    held = null;
    card.style.visibility = "hidden";  // to find what is under the finger, not the card itself
    const under = dropping && moving ? document.elementFromPoint(event.clientX, event.clientY) : null;
    card.style.visibility = "";
    card.style.transform = "";
    card.classList.remove("card--dragging");
    const heading = headingAt(under);
    if (heading) drop(heading);
  }
  main.addEventListener("pointerup", (event) => letGo(event, true));
  main.addEventListener("pointercancel", (event) => letGo(event, false));
}
