// Time for activities and the HTTP service. Workflows use the workflow clock; everything else asks a
// Clock, so tests (and the fault suite's "hours of moved time") can move it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time from a chosen offset; `advance` moves it forward. */
export class OffsetClock implements Clock {
  constructor(private offsetMs = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  setNow(date: Date): void {
    this.offsetMs = date.getTime() - Date.now();
  }
}
