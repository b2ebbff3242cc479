// The page's one SignalR connection to /hubs/metrics. It never gives up: SignalR's automatic reconnect
// with a capped backoff that retries forever, a retry loop around the first start, and after every
// reconnect StartRealtime again for each watched server (its backfill fills the gap).
const signalR = window.signalR;

export const RETRY_CAP_MS = 10_000;

// 1, 2, 4, 8, 10, 10 ... seconds plus up to 20 % jitter, so a restarted node is not hit by every tab
// at once. The first try waits too: a node that is shutting down still accepts connections for a
// moment, and a tab that reconnects into it at once holds up its shutdown. Never returns null, which
// would end the reconnect attempts.
export function retryDelay(attempt) {
  const base = Math.min(RETRY_CAP_MS, 1000 * 2 ** attempt);
  return Math.round(base * (1 + Math.random() * 0.2));
}

// The hub's final answers (MetricsHub.NotAllowed): asking again cannot change them.
function retryable(e) {
  return !String(e?.message ?? e).includes("not found or not allowed");
}

export class MetricsConnection {
  constructor(handlers) {
    this.handlers = handlers;      // { sample, backfill, serverOffline, serverOnline, serverStalled, serverResumed, sessionEnded, state, started, failed }
    this.watched = new Set();
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/metrics")
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => retryDelay(ctx.previousRetryCount) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    for (const name of ["sample", "backfill", "serverOffline", "serverOnline", "serverStalled", "serverResumed", "sessionEnded"]) {
      this.connection.on(name, (...args) => handlers[name]?.(...args));
    }
    this.connection.onreconnecting(() => handlers.state?.("reconnecting"));
    this.connection.onreconnected(() => { handlers.state?.("connected"); this.#restartAll(); });
    // Only reached when automatic reconnect itself stopped (it should not): start over by hand.
    this.connection.onclose(() => { if (!this.stopped) { handlers.state?.("reconnecting"); this.#startLoop(1); } });
    this.ready = null;
  }

  get connected() { return this.connection.state === signalR.HubConnectionState.Connected; }

  start() {
    this.ready ??= this.#startLoop(0);
    return this.ready;
  }

  async #startLoop(attempt) {
    for (;;) {
      try {
        this.handlers.state?.("connecting");
        await this.connection.start();
        this.handlers.state?.("connected");
        if (attempt > 0) await this.#restartAll();
        return;
      } catch (e) {
        if (this.stopped) return;
        if (String(e).includes("401")) { location.assign(`/login?returnUrl=${encodeURIComponent(location.pathname + location.search)}`); return; }
        attempt++;
        this.handlers.state?.("reconnecting");
        await new Promise(r => setTimeout(r, retryDelay(attempt)));
      }
    }
  }

  async watch(serverId) {
    this.watched.add(serverId);
    await this.start();
    return this.#startRealtime(serverId);
  }

  async unwatch(serverId) {
    this.watched.delete(serverId);
    if (this.connected) await this.connection.invoke("StopRealtime", serverId).catch(e => console.warn(e));
  }

  async #startRealtime(serverId) {
    for (let attempt = 0; ; attempt++) {
      try {
        const started = await this.connection.invoke("StartRealtime", serverId);
        if (this.watched.has(serverId)) this.handlers.started?.(started);
        return started;
      } catch (e) {
        // A refusal is final. Anything else (the session did not answer while a dead node's sessions start
        // elsewhere, a rate limit) is asked again while the server is still wanted and the connection is up;
        // a reconnect asks again by itself.
        if (!retryable(e) || !this.watched.has(serverId) || !this.connected) {
          this.handlers.failed?.(serverId, e);
          return null;
        }
        await new Promise(r => setTimeout(r, retryDelay(attempt)));
      }
    }
  }

  async #restartAll() {
    // Sequential, so a wall of many servers stays under the hub's rate limit of 10 calls a second
    // sustained (120 burst) even after several reconnects in a row.
    for (const id of [...this.watched]) await this.#startRealtime(id);
  }
}
