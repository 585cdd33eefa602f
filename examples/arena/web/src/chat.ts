/**
 * The chat panel: channel messages, whispers, announcements and the page's own notices (joins,
 * kills, the connection coming and going), newest at the bottom, and the form that says something
 * on a channel. Text always goes in through `textContent`: what players write is never HTML.
 */

export type LineKind = "chat" | "whisper" | "announcement" | "notice" | "error";

/** Older lines are dropped: the panel is a view, not an archive. */
const MAX_LINES = 200;

export class ChatPanel {
  constructor(private readonly list: HTMLElement) {}

  add(kind: LineKind, text: string, from?: string, channel?: string): void {
    const line = document.createElement("li");
    line.className = kind;
    line.dataset.kind = kind;
    const time = document.createElement("time");
    time.textContent = new Date().toLocaleTimeString([], { hour12: false });
    line.append(time);
    if (channel !== undefined) {
      const tag = document.createElement("span");
      tag.className = "channel";
      tag.textContent = channel;
      line.append(tag);
    }
    if (from !== undefined) {
      const who = document.createElement("b");
      who.textContent = kind === "whisper" ? `${from} whispers` : from;
      line.append(who);
    }
    const body = document.createElement("span");
    body.className = "text";
    body.textContent = text;
    line.append(body);

    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    this.list.append(line);
    while (this.list.childElementCount > MAX_LINES) this.list.firstElementChild?.remove();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  /** Wires the say form: `send` gets the channel and the text, and rejects with a readable error. */
  bindForm(form: HTMLFormElement, send: (channel: string, text: string) => Promise<void>): void {
    const input = form.querySelector("input");
    const select = form.querySelector("select");
    if (input === null || select === null) throw new Error("the chat form needs an input and a select");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === "") return;
      input.value = "";
      send(select.value, text).catch((error: unknown) => {
        this.add("error", `not sent: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  }
}
