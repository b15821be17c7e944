/**
 * Wraps text to `width` columns. The first line starts with `first` (default: `indent`), the
 * others with `indent`. Widths ignore ANSI colour codes in the prefixes.
 */
export function wrap(text: string, width: number, indent: string, first = indent): string[] {
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && visible(line) + 1 + word.length > width) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}
