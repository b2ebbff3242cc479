// Sign-up form over POST /api/signup; errors are the API's own sentences.
const form = document.getElementById("signup");
const error = document.getElementById("error");

form.addEventListener("submit", async event => {
  event.preventDefault();
  error.hidden = true;
  const data = Object.fromEntries(new FormData(form));
  const response = await fetch("/api/signup", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: data.email, password: data.password, account: data.account }),
  });
  if (response.ok) { location.assign("/"); return; }
  const body = await response.json().catch(() => ({}));
  error.textContent = body.error ?? `sign-up failed (${response.status})`;
  error.hidden = false;
});
