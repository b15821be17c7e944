/**
 * Reading prose documents the way their authors wrote them: headings and sections of Markdown,
 * reStructuredText and AsciiDoc, and the links in them, resolved to files of the repository
 * where they point into it.
 */
import { basename, dirname, extname, joinPath, markdownHeadings, normalizePath, type Heading } from '../../src/rule-kit/index.ts';
import type { TreeEntry } from '../../src/types.ts';

export const PROSE_EXTENSIONS = new Set(['.md', '.markdown', '.mdx', '.rst', '.adoc', '.asciidoc', '.txt']);

/** Prose by extension, or a file with no extension at all (git's Documentation/CodingGuidelines). */
export function isProse(path: string): boolean {
  const ext = extname(path);
  return ext === '' ? !basename(path).startsWith('.') : PROSE_EXTENSIONS.has(ext);
}

// An RST adornment: one punctuation character repeated (=====, ~~~~~, -----).
const RST_ADORNMENT = /^([=\-~^"'`#*+:.<>_!$%&,;?@\\/|])\1{2,}\s*$/;

/** reStructuredText section titles: a line underlined (and perhaps overlined) with punctuation; levels in order of first use. */
function rstHeadings(text: string): Heading[] {
  const lines = text.split(/\r?\n/);
  const styles: string[] = [];
  const out: Heading[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const title = lines[i]!;
    const under = lines[i + 1]!;
    if (!title.trim() || /^\s/.test(title) || RST_ADORNMENT.test(title)) continue;
    const m = RST_ADORNMENT.exec(under);
    if (!m || under.trim().length < Math.min(3, title.trim().length)) continue;
    const over = i > 0 && lines[i - 1]!.trim() === under.trim();
    const style = `${over ? 'o' : 'u'}${m[1]}`;
    if (!styles.includes(style)) styles.push(style);
    out.push({ level: styles.indexOf(style) + 1, text: title.trim(), line: i + 1 });
    i++;
  }
  return out;
}

/** AsciiDoc section titles (`= Title`, `== Section`), and Markdown-style `#` titles, which AsciiDoc accepts too. */
function adocHeadings(text: string): Heading[] {
  const out: Heading[] = [];
  let fence = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^(----|\.\.\.\.|```)\s*$/.test(line)) fence = !fence;
    if (fence) return;
    const m = /^(={1,6}|#{1,6})\s+(\S.*?)\s*$/.exec(line);
    if (m) out.push({ level: m[1]!.length, text: m[2]!, line: i + 1 });
  });
  return out;
}

/** The headings of a prose document, by its format. */
export function headingsOf(path: string, text: string): Heading[] {
  const ext = extname(path);
  if (ext === '.rst') return rstHeadings(text);
  if (ext === '.adoc' || ext === '.asciidoc') return adocHeadings(text);
  return markdownHeadings(text);
}

/** The text under a heading (the heading line included), up to the next heading of the same or a higher level. */
export function sectionText(text: string, headings: readonly Heading[], heading: Heading): string {
  const lines = text.split(/\r?\n/);
  const end = headings.find((h) => h.line > heading.line && h.level <= heading.level);
  return lines.slice(heading.line - 1, end ? end.line - 1 : lines.length).join('\n');
}

/** The last line of a section (1-based, inclusive). */
export function sectionEnd(text: string, headings: readonly Heading[], heading: Heading): number {
  const end = headings.find((h) => h.line > heading.line && h.level <= heading.level);
  return end ? end.line - 1 : text.split(/\r?\n/).length;
}

/** GitHub's (and most site generators') anchor for a heading. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/<[^>]*>|[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

export interface Link {
  text: string;
  url: string;
  line: number;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Links of a prose document: Markdown inline and reference links, RST and AsciiDoc links, and bare URLs. */
export function linksOf(text: string): Link[] {
  const out: Link[] = [];
  const seen = new Set<string>();
  const add = (label: string, url: string, index: number) => {
    const key = `${url}\u0000${label}`;
    if (!url || seen.has(key)) return;
    seen.add(key);
    out.push({ text: squash(label), url: url.trim(), line: lineAt(text, index) });
  };
  for (const m of text.matchAll(/\[((?:[^[\]]|\[[^\]]*\])*?)\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)/g)) add(m[1]!, m[2]!, m.index);
  for (const m of text.matchAll(/^[ \t]*\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)/gm)) add(m[1]!, m[2]!, m.index);
  for (const m of text.matchAll(/`([^`<]+?)\s*<([^>`]+)>`_{1,2}/g)) add(m[1]!, m[2]!, m.index);
  for (const m of text.matchAll(/^\.\.\s+_([^:]+):\s*(\S+)/gm)) add(m[1]!, m[2]!, m.index);
  for (const m of text.matchAll(/(?:link:|xref:)([^\s[\]]+)\[([^\]]*)\]/g)) add(m[2]!, m[1]!, m.index);
  for (const m of text.matchAll(/<<([^,>#]+\.(?:adoc|asciidoc))(?:#[^,>]*)?,?([^>]*)>>/g)) add(m[2]!, m[1]!, m.index);
  for (const m of text.matchAll(/(?<![(:\w/])(https?:\/\/[^\s)>\]"'`]+[^\s)>\]"'`.,;:])(?:\[([^\]]*)\])?/g))
    add(m[2] ?? '', m[1]!, m.index);
  return out;
}

export interface Target {
  path: string;
  anchor: string | null;
}

const splitAnchor = (url: string): [string, string | null] => {
  const hash = url.indexOf('#');
  return hash < 0 ? [url, null] : [url.slice(0, hash), decodeURIComponent(url.slice(hash + 1)) || null];
};

/**
 * The repository file a link points at, or null: a relative or root-relative path; a GitHub
 * blob link to a path this repository holds; or a page of a documentation site whose name is
 * that of exactly the best-matching prose file (the site's source, as rails' guides and
 * Read the Docs pages are).
 */
export function resolveLink(from: string, url: string, files: readonly TreeEntry[], byPath: ReadonlySet<string>): Target | null {
  const [bare, anchor] = splitAnchor(url.replace(/\?[^#]*/, ''));
  if (!bare || /^(mailto|ftp|tel|irc|news):/i.test(bare)) return null;
  const web = /^https?:\/\/([^/]+)(\/[\s\S]*)?$/i.exec(bare);
  if (!web) {
    const joined = bare.startsWith('/') ? normalizePath(bare.slice(1)) : normalizePath(joinPath(dirname(from), bare));
    if (joined.startsWith('..')) return null;
    const path = joined.replace(/\/$/, '');
    for (const candidate of [
      path,
      `${path}.md`,
      `${path}.rst`,
      `${path}.adoc`,
      `${path}/README.md`,
      `${path}/index.md`,
      `${path}/index.rst`,
    ]) {
      if (byPath.has(candidate) && candidate !== from) return { path: candidate, anchor };
    }
    return null;
  }
  const host = web[1]!.toLowerCase();
  const segments = (web[2] ?? '/')
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  if (host === 'github.com' || host === 'www.github.com') {
    // github.com/<owner>/<name>/blob/<ref>/<path>: the path, when this repository holds it
    if (segments.length >= 5 && ['blob', 'tree', 'raw'].includes(segments[2]!)) {
      const path = segments.slice(4).join('/');
      return byPath.has(path) && path !== from ? { path, anchor } : null;
    }
    return null;
  }
  while (segments.length && /^index\.(html?|php)$/i.test(segments.at(-1)!)) segments.pop();
  if (!segments.length) return null;
  const stems = segments.map((s) => s.replace(/\.(html?|php|md|rst|adoc|txt)$/i, '').toLowerCase());
  let best: { path: string; score: number; depth: number } | null = null;
  let tie = false;
  for (const entry of files) {
    if (entry.kind !== 'file' || entry.path === from || !PROSE_EXTENSIONS.has(extname(entry.path))) continue;
    const parts = entry.path
      .replace(/\.[^./]+$/, '')
      .toLowerCase()
      .split('/');
    if (/^(index|readme)$/.test(parts.at(-1)!)) parts.pop();
    let score = 0;
    while (score < stems.length && score < parts.length && stems[stems.length - 1 - score] === parts[parts.length - 1 - score]) score++;
    if (score === 0) continue;
    const depth = parts.length;
    if (!best || score > best.score || (score === best.score && depth < best.depth)) {
      tie = false;
      best = { path: entry.path, score, depth };
    } else if (score === best.score && depth === best.depth) tie = true;
  }
  return best && !tie ? { path: best.path, anchor } : null;
}
