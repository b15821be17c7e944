export interface Heading {
  level: number;
  text: string;
  /** 1-based line of the heading. */
  line: number;
}

/** ATX (`## Title`) and setext (underlined) headings, ignoring fenced code blocks. */
export function markdownHeadings(text: string): Heading[] {
  const lines = text.split(/\r?\n/);
  const headings: Heading[] = [];
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === null) fence = marker[0]!;
      else if (marker[0] === fence) fence = null;
      return;
    }
    if (fence !== null) return;
    const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (atx) {
      headings.push({ level: atx[1]!.length, text: atx[2]!, line: i + 1 });
      return;
    }
    const next = lines[i + 1];
    if (line.trim() && next !== undefined && /^\s{0,3}(=+|-+)\s*$/.test(next) && !/^\s{0,3}[-*+]\s/.test(line)) {
      headings.push({ level: next.trim().startsWith('=') ? 1 : 2, text: line.trim(), line: i + 1 });
    }
  });
  return headings;
}

/** The text under a heading, up to the next heading of the same or a higher level. */
export function sectionUnder(text: string, heading: Heading): string {
  const lines = text.split(/\r?\n/);
  const end = markdownHeadings(text).find((h) => h.line > heading.line && h.level <= heading.level);
  return lines.slice(heading.line - 1, end ? end.line - 1 : lines.length).join('\n');
}

/** Names of a document's sections: its headings, and "Label:" lines (bold or listed ones too). */
export function sectionNames(text: string, options: { nonEmpty?: boolean } = {}): string[] {
  const labels = [...text.matchAll(/^\s*(?:[-*]\s*)?\**([A-Za-z][\w '/-]{1,40}?)\**\s*:/gm)].map((m) => m[1]!);
  const headings = markdownHeadings(text).filter((h) => !options.nonEmpty || hasContent(text, h));
  return [...headings.map((h) => h.text), ...labels];
}

/** Whether a heading has anything under it besides blank lines (subsections count). */
export function hasContent(text: string, heading: Heading): boolean {
  return sectionUnder(text, heading)
    .split(/\r?\n/)
    .slice(1)
    .some((line) => line.trim() !== '');
}

/** The text of the list items (-, *, + or numbered) among these lines. */
export function listItems(lines: readonly string[]): string[] {
  return lines.map((line) => /^\s*(?:[-*+]|\d+[.)])\s+(.*\S)/.exec(line)?.[1]).filter((item): item is string => item !== undefined);
}

/** The list items in the first section whose heading matches, or null without one. */
export function itemsUnder(text: string, heading: RegExp): string[] | null {
  const found = markdownHeadings(text).find((h) => heading.test(h.text));
  return found ? listItems(sectionUnder(text, found).split(/\r?\n/).slice(1)) : null;
}
