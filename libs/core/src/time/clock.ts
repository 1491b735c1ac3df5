import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for rules that depend on time (rate-limit windows, reservation expiry,
 * campaign windows). Tests move it forward instead of sleeping.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Test helper: moves this clock (never the system's) by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
