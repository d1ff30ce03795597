/** Small helpers for plain-words dates ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm' local values). */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Weekday name of a calendar date (proleptic Gregorian, no time zone involved). */
export function dayOfWeekName(year: number, month: number, day: number): string {
  return DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] ?? '';
}

/** Reads the parts of a local date or date-time string. */
export function parseLocalDateTime(value: string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  time: string;
} {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const time = value.length >= 16 ? value.slice(11, 16) : '00:00';
  return { year, month, day, hour: Number(time.slice(0, 2)), time };
}
