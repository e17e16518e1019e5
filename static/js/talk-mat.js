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

// `drop(heading)` is called with the heading button a card was dropped on.
export function allowDragging(main, drop) {
  main.addEventListener("dragstart", (event) => {
    if (event.target.closest(".card")) event.dataTransfer.setData("text/plain", "card");
  });
  function headingUnder(event) {
    const step = event.target.closest("section.step");
    const column = event.target.closest("[data-drop-heading]");
    const key = column ? column.dataset.dropHeading : null;
    return event.target.closest(".choice--heading") ||
      (key && step ? step.querySelector(`.choice--heading[value="${key}"]`) : null);
  }
  main.addEventListener("dragover", (event) => { if (headingUnder(event)) event.preventDefault(); });
  main.addEventListener("drop", (event) => {
    const heading = headingUnder(event);
    if (!heading) return;
    event.preventDefault();
    drop(heading);
  });
}
