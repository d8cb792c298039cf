// Pickers search as the user types (htmx fetches the matches). With JavaScript the Search button
// and the Enter key search in place instead of sending the whole form, so that Enter in any other
// field still sends the form with its own button. Without JavaScript the button sends the form
// back with the matches listed, and nothing is saved.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.htmx) return;
  for (const picker of document.querySelectorAll(".picker")) {
    const input = picker.querySelector("input[type=search]");
    const button = picker.querySelector(".picker__search button");
    if (!input || !button) continue;
    const search = () => window.htmx.trigger(input, "search");
    button.type = "button";
    button.addEventListener("click", search);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        search();
      }
    });
  }
});
