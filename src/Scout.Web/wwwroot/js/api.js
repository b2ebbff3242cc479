// JSON calls to the node's /api. A 401 means the cookie expired: go to the login page and come back.
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (response.status === 401) {
    location.assign(`/login?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error("not logged in");
  }
  if (response.status === 404) return null;
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error ?? `${path} answered ${response.status}`);
  }
  return response.json();
}

// One hour (or any window) of history; null while the history API does not exist or has nothing.
export async function history(serverId, fromMs, toMs, metrics) {
  const query = new URLSearchParams({ from: String(fromMs), to: String(toMs), metrics: metrics.join(",") });
  try {
    return await getJson(`/api/servers/${encodeURIComponent(serverId)}/history?${query}`);
  } catch (e) {
    console.warn("history unavailable", e);
    return null;
  }
}
