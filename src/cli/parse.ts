/** Parsers for option values: each turns the text into the value the option sets, or says what was expected. */
import { InvalidArgumentError } from 'commander';
import { FORMATS, type Format } from '../reporters/index.ts';
import { PILLARS, type Pillar } from '../types.ts';

export function parseFormats(value: string): Format[] {
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const allowed = `Allowed choices are ${FORMATS.join(', ')}.`;
  for (const format of list) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new InvalidArgumentError(allowed);
  }
  if (!list.length) throw new InvalidArgumentError(allowed);
  return [...new Set(list)] as Format[];
}

export function parseNumber(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Seconds on the command line, milliseconds in the options they set. */
export function parseSeconds(min: number, max: number) {
  const seconds = parseNumber(min, max);
  return (value: string) => seconds(value) * 1000;
}

export function parsePillar(value: string): Pillar {
  const pillar = value.toLowerCase() as Pillar;
  if (!PILLARS.includes(pillar)) throw new InvalidArgumentError(`'${value}' is not a pillar: use ${PILLARS.join(', ')}`);
  return pillar;
}

export function parseDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('expected an ISO date such as 2026-11-24 or 2026-11-24T12:00:00Z.');
  }
  return date;
}

/** Repeatable, and comma-separated. */
export function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** Repeatable and never split: a glob may hold commas ({api,web}-*). */
export function append(value: string, previous: string[]): string[] {
  return [...previous, value];
}
