// Every page has one role="alert" paragraph (#error) for what went wrong; this writes and shows it.
export function showError(message) {
  const el = document.getElementById("error");
  el.textContent = message;
  el.hidden = false;
}
