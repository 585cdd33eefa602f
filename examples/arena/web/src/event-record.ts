/**
 * What the page received, checked as it arrives: reliable events must come with seq 1, 2, 3… (a
 * gap means lost events, a repeat a duplicate — docs/protocol.md "Events, ordering and replay"). The
 * counts are shown in the page and written to `data-` attributes of the stats panel, which is how
 * the browser test reads them.
 */

export interface ReceivedEvent {
  readonly seq: number;
  readonly event: string;
  /** Server time: with `data`, the same for every recipient of a broadcast. */
  readonly ts: number;
  readonly data: string;
}

/** Enough for any test or a long look at the page; older entries are forgotten, counts are not. */
const KEEP = 5000;

export class EventRecord {
  /** Every event, reliable or not. */
  total = 0;
  lastSeq = 0;
  gaps = 0;
  duplicates = 0;
  /** Times the client said events were lost (a resume that failed) and seq started over. */
  resyncs = 0;
  readonly received: ReceivedEvent[] = [];

  constructor(private readonly view: HTMLElement) {
    this.render();
  }

  add(event: string, data: unknown, seq: number | undefined, ts: number): void {
    this.total++;
    if (seq !== undefined) {
      if (seq <= this.lastSeq) this.duplicates++;
      else {
        this.gaps += seq - this.lastSeq - 1;
        this.lastSeq = seq;
      }
      this.received.push({ seq, event, ts, data: JSON.stringify(data) });
      if (this.received.length > KEEP) this.received.splice(0, this.received.length - KEEP);
    }
    this.render();
  }

  /** A fresh player session: the server numbers events from 1 again. */
  resync(): void {
    this.resyncs++;
    this.lastSeq = 0;
    this.render();
  }

  private render(): void {
    const { dataset } = this.view;
    dataset.events = String(this.total);
    dataset.lastSeq = String(this.lastSeq);
    dataset.gaps = String(this.gaps);
    dataset.duplicates = String(this.duplicates);
    dataset.resyncs = String(this.resyncs);
    for (const [key, value] of Object.entries({
      events: this.total,
      "last-seq": this.lastSeq,
      gaps: this.gaps,
      duplicates: this.duplicates,
      resyncs: this.resyncs,
    })) {
      const cell = this.view.querySelector(`[data-stat="${key}"]`);
      if (cell !== null) cell.textContent = String(value);
    }
    this.view.classList.toggle("bad", this.gaps + this.duplicates > 0);
  }
}
