// Sign-up form over POST /api/signup. The browser's own validation bubbles are switched off (novalidate):
// they vanish after a moment and say nothing the page keeps. Problems are written in the page's alert
// instead, with the same sentences the API uses, and the field stays as typed with focus on it.
const form = document.getElementById("signup");
const error = document.getElementById("error");
const MIN_PASSWORD = 8;

function problem(data) {
  if (!/^[^\s@]+@[^\s@]+$/.test(data.email.trim())) return ["email", "email must look like name@host"];
  if (data.password.length < MIN_PASSWORD) return ["password", `password must be at least ${MIN_PASSWORD} characters`];
  if (!data.account.trim()) return ["account", "account name must be 1-64 printable characters"];
  return null;
}

function show(message, field) {
  error.textContent = message;
  error.hidden = false;
  for (const input of form.elements) if (input.name) input.toggleAttribute("aria-invalid", input.name === field);
  if (field) form.elements[field].focus();
}

form.addEventListener("submit", async event => {
  event.preventDefault();
  error.hidden = true;
  const data = Object.fromEntries(new FormData(form));
  const local = problem(data);
  if (local) { show(local[1], local[0]); return; }
  const response = await fetch("/api/signup", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: data.email, password: data.password, account: data.account }),
  });
  if (response.ok) { location.assign("/"); return; }
  const body = await response.json().catch(() => ({}));
  const message = body.error ?? `sign-up failed (${response.status})`;
  // The API names the field in its sentence: put the cursor there.
  show(message, ["email", "password", "account"].find(f => message.includes(f)) ?? null);
});
