import { Injectable } from '@nestjs/common';

/**
 * The time work orders are received, contacted, closed and judged at. Deadlines and the three
 * rates depend on "now"; one provider gives it, so a test can fix it.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
