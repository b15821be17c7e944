/**
 * Linguist's modeline and shebang strategies (lib/linguist/strategy/modeline.rb and shebang.rb of
 * GitHub Linguist 7.22.1, MIT license, Copyright (c) 2017 GitHub, Inc. and Linguist
 * contributors), ported. Linguist matches its Vim pattern with a backtracking engine, which takes
 * exponential time on some lines (`vim:=a:a:a:…`); repository files are untrusted, so the Vim
 * modeline is recognised here by a scan over positions that accepts the same lines in linear-ish
 * time, and the Emacs pattern, polynomial, only runs on lines of at most 256 characters (a
 * modeline is short; Linguist would also look at longer lines).
 */

const LONGEST_LINE = 256;
const WS = (c: string | undefined) => c === ' ' || c === '\t';
const RUBY_SPACE = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const WORD = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

// -*- ruby -*-, -*- foo:bar; mode: ruby; -*-: Linguist's EMACS_MODELINE (?-m)(?i) in JavaScript.
const EMACS =
  /-\*-(?:[ \t]*(?=[^:;\s]+[ \t]*-\*-)|(?:[^\n]*?[ \t;]|(?<=-\*-))[ \t]*mode[ \t]*:[ \t]*)([^:;\s]+)(?=[ \t;]|(?<![-*])-\*-)[^\n]*?-\*-/i;

function emacs(line: string): string | null {
  const first = line.indexOf('-*-');
  const last = line.lastIndexOf('-*-');
  if (first < 0 || last === first) return null;
  // A match starts and ends at a "-*-": nothing outside the first and the last one takes part.
  const segment = line.slice(first, last + 3);
  if (segment.length > LONGEST_LINE) return null;
  return EMACS.exec(segment)?.[1] ?? null;
}

/** Where the value of a `name=value` option can end, from just after its `=`. */
function valueEnds(line: string, from: number): number[] {
  const ends = [from];
  let v = from;
  for (;;) {
    const c = line[v];
    if (c === undefined) break;
    if (c === '\\') {
      if (line[v + 1] === undefined || line[v + 1] === '\n') break;
      v += 2;
    } else if (RUBY_SPACE(c)) break;
    else v += 1;
    ends.push(v);
  }
  return ends;
}

/** Positions after one option of the list (`:opt`, ` opt=val`) that starts at x. */
function optionEnds(line: string, x: number): number[] {
  const seps: number[] = [];
  let y = x;
  while (WS(line[y])) y++;
  if (line[y] === ':') {
    let z = y + 1;
    seps.push(z);
    while (WS(line[z])) seps.push(++z);
  }
  if (WS(line[x])) seps.push(x + 1);
  const out: number[] = [];
  for (const e of seps) {
    let w = e;
    const words = [e];
    while (WORD(line[w])) words.push(++w);
    for (const q of words) {
      out.push(q);
      let t = q;
      while (WS(line[t])) t++;
      if (line[t] === '=') out.push(...valueEnds(line, t + 1));
    }
  }
  return out;
}

/** `vim: set ft=ruby:`, `vi: ft=ruby`, ` ex: syntax=ruby`: Linguist's VIM_MODELINE, without backtracking. */
function vim(line: string): string | null {
  for (let s = 0; s < line.length; s++) {
    const prefixEnds: number[] = [];
    const word = WS(line[s]) ? s + 1 : s === 0 ? 0 : -1;
    if (word >= 0 && (line.startsWith('vi', word) || (line.startsWith('Vi', word) && line[word + 2] === 'm'))) {
      const m = word + 2;
      if (line[m] === 'm') {
        let d = m + 1;
        if (line[d] === '<' || line[d] === '=' || line[d] === '>') d++;
        if (/[0-9]/.test(line[d] ?? '')) {
          while (/[0-9]/.test(line[d] ?? '')) d++;
          prefixEnds.push(d);
        }
        prefixEnds.push(m + 1);
      }
      prefixEnds.push(m);
    }
    if (WS(line[s]) && line.startsWith('ex', s + 1)) prefixEnds.push(s + 3);
    for (const p of prefixEnds) {
      if (line[p] !== ':' || !optionsMayFollow(line, p)) continue;
      const found = tail(line, p);
      if (found) return found;
    }
  }
  return null;
}

/** The lookahead after `vim`: `:` then either `set … :` or anything but `set `. */
function optionsMayFollow(line: string, p: number): boolean {
  let r = p + 1;
  while (WS(line[r])) r++;
  if (!line.startsWith('se', r)) return true;
  const afterSet = [r + 2, ...(line[r + 2] === 't' ? [r + 3] : [])].filter((c) => WS(line[c]));
  if (!afterSet.length) return true;
  return afterSet.some((c) => {
    const colon = line.indexOf(':', c + 1);
    return colon > c + 1 && !/[\r\n]/.test(line.slice(c + 1, colon));
  });
}

/** The language of `[ \t:](filetype|ft|syntax)[ \t]*=(\w+)` after a list of options starting at p. */
function tail(line: string, p: number): string | null {
  const seen = new Set<number>([p]);
  const queue = [p];
  let best: string | null = null;
  let bestAt = -1;
  while (queue.length) {
    const x = queue.pop()!;
    if (x > bestAt) {
      const found = filetypeAt(line, x);
      if (found !== null) [best, bestAt] = [found, x];
    }
    for (const next of optionEnds(line, x)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  // The pattern's option list is greedy: it gives the last filetype a line sets.
  return best;
}

function filetypeAt(line: string, x: number): string | null {
  const c = line[x];
  if (!(WS(c) || c === ':')) return null;
  const name = ['filetype', 'ft', 'syntax'].find((n) => line.startsWith(n, x + 1));
  if (!name) return null;
  let t = x + 1 + name.length;
  while (WS(line[t])) t++;
  if (line[t] !== '=') return null;
  let w = t + 1;
  while (WORD(line[w])) w++;
  if (w === t + 1) return null;
  const after = line[w];
  return after === undefined || RUBY_SPACE(after) || after === ':' ? line.slice(t + 1, w) : null;
}

/**
 * The modeline of a file's text (Linguist's first 128 KiB): the first and last five lines are
 * searched, Emacs's form first, as Linguist does (its header and footer strings are joined with
 * nothing between them, so the fifth line and the fifth from last read as one).
 */
export function modeline(data: string): string | null {
  // Linguist's lines: the text less one final line break, split at "\r\n", "\r" or "\n"; only
  // the first and last five are taken, without splitting the rest.
  const body = data.endsWith('\r\n') ? data.slice(0, -2) : data.endsWith('\n') || data.endsWith('\r') ? data.slice(0, -1) : data;
  const header: string[] = [];
  const breaks = /\r\n|\r|\n/g;
  for (let start = 0; header.length < 5; ) {
    const m = breaks.exec(body);
    if (!m) {
      header.push(body.slice(start));
      break;
    }
    header.push(body.slice(start, m.index));
    start = m.index + m[0].length;
  }
  if (header.join('\n').includes('UseVimball')) return null;
  const footer: string[] = [];
  for (let i = body.length - 1, end = body.length; footer.length < 5; i--) {
    if (i < 0) {
      footer.unshift(body.slice(0, end));
      break;
    }
    const c = body[i];
    if (c === '\n' || c === '\r') {
      footer.unshift(body.slice(i + 1, end));
      if (c === '\n' && body[i - 1] === '\r') i--;
      end = i;
    }
  }
  const searched = [...header.slice(0, -1), `${header.at(-1) ?? ''}${footer[0] ?? ''}`, ...footer.slice(1)];
  for (const line of searched) {
    const found = emacs(line);
    if (found) return found;
  }
  for (const line of searched) {
    if (!/(?:filetype|ft|syntax)[ \t]*=/.test(line)) continue;
    const found = vim(line);
    if (found) return found;
  }
  return null;
}

/** The interpreter a shebang names (`#!/usr/bin/env python3` → "python3"), or null. */
export function interpreter(data: string): string | null {
  if (!data.startsWith('#!')) return null;
  const newline = data.indexOf('\n');
  const shebang = newline < 0 ? data : data.slice(0, newline);
  const path = /^#!\s*\S+/.exec(shebang);
  if (!path) return null;
  let rest = shebang.slice(path[0].length);
  let script: string | undefined = path[0].split('/').at(-1);
  if (script === 'env') {
    rest = rest.replace(/^\s+/, '');
    for (;;) {
      const option = /^((-[i0uCSv]*|--\S+)\s+)+/.exec(rest) ?? /^(\S+=\S+\s+)+/.exec(rest);
      if (!option) break;
      rest = rest.slice(option[0].length);
    }
    script = /^\S+/.exec(rest)?.[0];
    if (script) rest = rest.slice(script.length);
  }
  if (!script) return null;
  script = script.replace(/(\.\d+)$/, '').replace(/^#!\s*/, '');
  if (script === 'sh') {
    const lines = data.split(/(?<=\n)/).slice(0, 5);
    for (const l of lines) {
      const exec = /exec (\w+)[^\n]+\$0[^\n]+\$@/.exec(l);
      if (exec) {
        script = exec[1]!;
        break;
      }
    }
  }
  if (script === 'osascript' && /-l\s?/.test(rest)) return null;
  return script.slice(script.lastIndexOf('/') + 1);
}
