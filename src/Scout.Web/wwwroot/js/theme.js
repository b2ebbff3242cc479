// Light or dark: the system's choice (prefers-color-scheme) unless the user pressed the theme button,
// whose choice is kept in localStorage. A classic script loaded in <head>, not a module, so the stored
// choice is on <html> before the first paint and no page flashes the other theme.
(() => {
  const KEY = "scout.theme";
  const root = document.documentElement;
  const system = window.matchMedia("(prefers-color-scheme: light)");
  const stored = () => { try { return localStorage.getItem(KEY); } catch { return null; } };
  const effective = () => root.dataset.theme ?? (system.matches ? "light" : "dark");

  function apply(choice) {
    if (choice === "light" || choice === "dark") root.dataset.theme = choice;
    else delete root.dataset.theme;
    // Charts draw on canvas with colours read from the stylesheet: tell them to read again.
    document.dispatchEvent(new CustomEvent("scout:theme", { detail: effective() }));
    const button = document.querySelector("[data-test=theme-toggle]");
    if (button) {
      const other = effective() === "dark" ? "light" : "dark";
      button.textContent = `${other[0].toUpperCase()}${other.slice(1)} theme`;
      button.setAttribute("aria-label", `switch to the ${other} theme`);
    }
  }

  apply(stored());
  system.addEventListener("change", () => apply(stored()));
  document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector("[data-test=theme-toggle]");
    if (!button) return;
    button.addEventListener("click", () => {
      const next = effective() === "dark" ? "light" : "dark";
      try { localStorage.setItem(KEY, next); } catch { /* private mode: this page only */ }
      apply(next);
    });
    apply(stored());
  });
})();
