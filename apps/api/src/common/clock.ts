import { Injectable } from '@nestjs/common';

/** The time, injectable so tests can move it instead of sleeping. */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Test hook: jump ahead (the only way tests "wait" for expiry or lock-out to pass). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
