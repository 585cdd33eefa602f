/**
 * The connection badge: the client's state ("connecting" | "open" | "reconnecting" | "closed"), the
 * states it went through (`data-history`, for the browser test) and how many times it came back.
 */
import type { ConnectionState } from "../../generated/client.js";

const LABELS: Readonly<Record<ConnectionState, string>> = {
  connecting: "connecting…",
  open: "online",
  reconnecting: "reconnecting…",
  closed: "offline",
};

export class ConnectionBadge {
  private readonly history: ConnectionState[] = [];
  reconnects = 0;

  constructor(private readonly view: HTMLElement) {
    this.show("closed");
  }

  /** Returns the previous state. */
  show(state: ConnectionState): ConnectionState | undefined {
    const previous = this.history.at(-1);
    if (previous === state) return previous;
    if (previous === "reconnecting" && state === "open") this.reconnects++;
    this.history.push(state);
    this.view.dataset.state = state;
    this.view.dataset.history = this.history.join(",");
    this.view.dataset.reconnects = String(this.reconnects);
    this.view.textContent = LABELS[state];
    this.view.title = `connection: ${state}${this.reconnects > 0 ? `, back ${this.reconnects}×` : ""}`;
    return previous;
  }
}
