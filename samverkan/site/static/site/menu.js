// The header's menu button on narrow screens. Without JavaScript the button stays hidden and the
// menu is always shown, so every page can be reached either way.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".site-menu-toggle");
  if (!button) return;
  document.documentElement.classList.add("has-menu-toggle");
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
  });
});
