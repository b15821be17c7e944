// Writes src/util/linguist/data.ts from GitHub Linguist's own data files, so that the files the
// truck factor counts are the files Linguist counts for a repository's language statistics.
//
//   node scripts/write-linguist-data.js [lib/linguist folder]     writes the module
//   node scripts/write-linguist-data.js --check [folder]          exits 1 when it is out of date
//
// The folder is a Linguist gem's lib/linguist: Debian's ruby-github-linguist package installs
// one (`apt-get install ruby-github-linguist`), and so does `gem install github-linguist`. With
// no folder given, the Debian package's is used. What is taken, all as Linguist loads it:
//   languages.json (or languages.yml) and samples.json's extensions and interpreters, which
//     language.rb merges into the languages: name, type, aliases, extensions, file names and
//     interpreters of every language;
//   vendor.yml and documentation.yml: the path patterns of vendored and documentation files;
//   generic.yml: extensions too common to name a language alone;
//   heuristics.yml: the content patterns that tell apart languages sharing an extension;
//   generated.rb: only the names of its checks, so that a test fails when a Linguist upgrade
//     adds a check that src/util/linguist/generated.ts does not port yet.
// Linguist's patterns are Ruby (Onigmo) regular expressions; they are translated here into
// JavaScript ones that match the same text (see rubyToJs), and the translation of each is
// compiled before it is written. Linguist is MIT-licensed (Copyright (c) 2017 GitHub, Inc. and
// Linguist contributors); the notice is repeated in the generated module.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const OUTPUT = fileURLToPath(new URL('../src/util/linguist/data.ts', import.meta.url));

/** The lib/linguist folder of the installed Linguist (Debian's package, or any gem Ruby finds), or null. */
export function findLinguistLib() {
  return debianLinguistLib() ?? rubyLinguistLib();
}

function rubyLinguistLib() {
  const r = spawnSync('ruby', ['-rlinguist', '-e', 'puts File.dirname(Linguist.method(:detect).source_location[0])'], { encoding: 'utf8' });
  const lib = r.status === 0 ? join(r.stdout.trim(), 'linguist') : null;
  return lib && existsSync(join(lib, 'VERSION')) ? lib : null;
}

function debianLinguistLib() {
  const roots = ['/usr/share/rubygems-integration/all/gems'];
  for (const arch of safeList('/usr/lib')) {
    for (const ruby of safeList(join('/usr/lib', arch, 'rubygems-integration')))
      roots.push(join('/usr/lib', arch, 'rubygems-integration', ruby, 'gems'));
  }
  for (const root of roots) {
    const gems = safeList(root)
      .filter((name) => /^github-linguist-\d/.test(name))
      .sort();
    const newest = gems.at(-1);
    if (newest && existsSync(join(root, newest, 'lib/linguist/VERSION'))) return join(root, newest, 'lib/linguist');
  }
  return null;
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Ruby regular expressions in JavaScript.
//
// Onigmo differs from JavaScript in ways these patterns use: `^` and `$` always match at line
// breaks (and only at "\n"), `.` matches "\r", `(?i:…)` and `(?m:…)` switch options for part of a
// pattern (Ruby's m is JavaScript's s), `\A`, `\z`, `\Z`, `\h` and `\R` exist, and `\s` is ASCII
// whitespace only. Each construct is rewritten into plain JavaScript with no flags: anchors as
// lookarounds, case-insensitive letters as [aA] classes. Possessive quantifiers and atomic groups
// have no JavaScript form; they become ordinary ones, which can only differ on input that makes
// the pattern backtrack into them (none of Linguist's uses do so in practice).

const SPACE = ' \\t\\n\\x0B\\f\\r';
const HEX = '0-9a-fA-F';

/**
 * Translates one Ruby regular expression source into an equivalent JavaScript source, to compile
 * with no flags. With `forPaths`, `^` and `$` stay as they are, to compile with the m flag: the
 * same on text without "\r" (file paths), and faster, since the engine can skip to line starts.
 */
export function rubyToJs(source, forPaths = false) {
  let i = 0;
  const src = source;
  const fail = (why) => {
    throw new Error(`cannot translate /${source}/ at ${i}: ${why}`);
  };

  function parseOptions(text, flags) {
    // "i", "m", "x", "im", "-m", "i-m"…
    const [on, off = ''] = text.split('-');
    const next = { ...flags };
    for (const c of on) {
      if (c === 'i') next.i = true;
      else if (c === 'm') next.m = true;
      else fail(`option ${c}`);
    }
    for (const c of off) {
      if (c === 'i') next.i = false;
      else if (c === 'm') next.m = false;
      else if (c !== 'x') fail(`option -${c}`);
    }
    return next;
  }

  const caseless = (c) => (/[a-zA-Z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : null);

  /** A character class from `[` to its `]`, with both cases added under i. */
  function charClass(flags) {
    i++; // [
    let out = '[';
    if (src[i] === '^') {
      out += '^';
      i++;
    }
    // Atoms: { raw, char } for one character (char null for a set such as \w), { dash } for "-".
    const atoms = [];
    let first = true;
    while (i < src.length && (src[i] !== ']' || first)) {
      first = false;
      const c = src[i];
      if (c === '[') fail(src.startsWith('[:', i) ? 'POSIX class' : 'nested class');
      if (c === '&' && src[i + 1] === '&') {
        // [X&&[Y]]: a character in both; as a lookahead for Y before X.
        if (out !== '[' || src[i + 2] !== '[') fail('class intersection');
        i += 2;
        const right = charClass(flags);
        if (src[i] !== ']') fail('class intersection');
        const left = render(atoms, flags);
        i++;
        return `(?:(?=${right})${left})`;
      }
      if (c === '\\') {
        const e = src[i + 1];
        i += 2;
        if (e === 'h') atoms.push({ raw: HEX, char: null });
        else if (e === 's') atoms.push({ raw: SPACE, char: null });
        else if (e === 'x') {
          const hex = src.slice(i, i + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('\\x escape');
          atoms.push({ raw: `\\x${hex}`, char: String.fromCharCode(parseInt(hex, 16)) });
          i += 2;
        } else if ('dDwWS'.includes(e)) atoms.push({ raw: `\\${e}`, char: null });
        else if ('ntrfv'.includes(e)) atoms.push({ raw: `\\${e}`, char: { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' }[e] });
        else if (/[a-zA-Z0-9]/.test(e)) fail(`escape \\${e} in a class`);
        else atoms.push({ raw: `\\${e}`, char: e });
        continue;
      }
      i++;
      atoms.push(c === '-' ? { dash: true } : { raw: /[\]\\^]/.test(c) ? `\\${c}` : c, char: c });
    }
    if (src[i] !== ']') fail('unterminated class');
    i++;
    return render(atoms, flags, out);
  }

  /** A class's atoms as JavaScript, ranges and both cases under i. */
  function render(atoms, flags, out = '[') {
    const letter = (c) => typeof c === 'string' && /^[a-zA-Z]$/.test(c);
    const swap = (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
    for (let k = 0; k < atoms.length; ) {
      const a = atoms[k];
      const b = atoms[k + 2];
      if (!a.dash && atoms[k + 1]?.dash && b && !b.dash) {
        if (a.char === null || b.char === null) fail('range of a set');
        out += `${a.raw}-${b.raw}`;
        if (flags.i && letter(a.char) && letter(b.char)) {
          if ((a.char === a.char.toLowerCase()) !== (b.char === b.char.toLowerCase())) fail('mixed-case range under i');
          out += `${swap(a.char)}-${swap(b.char)}`;
        } else if (flags.i && (letter(a.char) || letter(b.char))) fail('range across letters under i');
        k += 3;
      } else if (a.dash) {
        out += '\\-';
        k++;
      } else {
        out += a.raw;
        if (flags.i && letter(a.char)) out += swap(a.char);
        k++;
      }
    }
    return `${out}]`;
  }

  /** A sequence up to `)` or the end; returns its JavaScript source. */
  function sequence(inherited) {
    let flags = { ...inherited };
    let out = '';
    while (i < src.length && src[i] !== ')') {
      const c = src[i];
      if (c === '\\') {
        const e = src[i + 1];
        if (e === undefined) fail('trailing backslash');
        i += 2;
        if (e === 'A') out += '(?<![\\s\\S])';
        else if (e === 'z') out += '(?![\\s\\S])';
        else if (e === 'Z') out += '(?=\\n?(?![\\s\\S]))';
        else if (e === 'h') out += `[${HEX}]`;
        else if (e === 'H') out += `[^${HEX}]`;
        else if (e === 'R') out += '(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])';
        else if (e === 's') out += `[${SPACE}]`;
        else if (e === 'S') out += `[^${SPACE}]`;
        else if (e === 'x') {
          out += `\\x${src.slice(i, i + 2)}`;
          i += 2;
        } else if (
          e === 'G' ||
          e === 'K' ||
          e === 'k' ||
          e === 'g' ||
          e === 'p' ||
          e === 'P' ||
          e === 'X' ||
          e === 'Q' ||
          e === 'e' ||
          e === 'a' ||
          e === 'c'
        )
          fail(`escape \\${e}`);
        else if (flags.i && /[a-zA-Z]/.test(e) && !'dDwWbBntrfv'.includes(e)) fail(`escape \\${e}`);
        else out += `\\${e}`;
        continue;
      }
      if (c === '[') {
        out += charClass(flags);
        continue;
      }
      if (c === '(') {
        if (src.startsWith('(?#', i)) {
          const end = src.indexOf(')', i);
          if (end < 0) fail('unterminated comment');
          i = end + 1;
          continue;
        }
        const opts = /^\(\?([imx]*(?:-[imx]+)?)(:|\))/.exec(src.slice(i));
        if (opts && opts[1] !== '') {
          const scoped = parseOptions(opts[1], flags);
          i += opts[0].length;
          if (opts[2] === ')') {
            // (?i) switches options up to the end of the enclosing group.
            flags = scoped;
            continue;
          }
          out += `(?:${sequence(scoped)})`;
          i++; // )
          continue;
        }
        let head;
        if (src.startsWith('(?:', i)) head = '(?:';
        else if (src.startsWith('(?=', i)) head = '(?=';
        else if (src.startsWith('(?!', i)) head = '(?!';
        else if (src.startsWith('(?<=', i)) head = '(?<=';
        else if (src.startsWith('(?<!', i)) head = '(?<!';
        else if (src.startsWith('(?>', i))
          head = '(?:'; // atomic: see above
        else if (src.startsWith('(?', i)) fail('group kind');
        else head = '(';
        i += head === '(' ? 1 : src.startsWith('(?<', i) ? 4 : 3;
        out += head + sequence(flags);
        if (src[i] !== ')') fail('unterminated group');
        i++;
        out += ')';
        continue;
      }
      if (c === '|') {
        out += '|';
        i++;
        continue;
      }
      if (c === '^') {
        out += forPaths ? '^' : '(?<![^\\n])';
        i++;
        continue;
      }
      if (c === '$') {
        out += forPaths ? '$' : '(?![^\\n])';
        i++;
        continue;
      }
      if (c === '.') {
        out += flags.m ? '[\\s\\S]' : '[^\\n]';
        i++;
        continue;
      }
      if (c === '}') {
        out += '\\}';
        i++;
        continue;
      }
      if (c === '*' || c === '+' || c === '?') {
        out += c;
        i++;
        if (src[i] === '+') i++; // possessive: see above
        continue;
      }
      if (c === '{') {
        const q = /^\{\d*(,\d*)?\}/.exec(src.slice(i));
        if (q && q[0] !== '{}' && q[0] !== '{,}') {
          out += q[0];
          i += q[0].length;
          if (src[i] === '+') i++;
        } else {
          out += '\\{';
          i++;
        }
        continue;
      }
      if (c === '/') {
        out += '\\/';
        i++;
        continue;
      }
      i++;
      out += (flags.i && caseless(c)) || c;
    }
    return out;
  }

  const out = sequence({ i: false, m: false });
  if (i < src.length) fail('unbalanced )');
  new RegExp(out, forPaths ? 'm' : ''); // throws on a translation JavaScript cannot compile
  return out;
}

/** Ruby's Regexp.union of strings, each compiled on its own. */
const union = (patterns) => (patterns.length === 1 ? rubyToJs(patterns[0]) : patterns.map((p) => `(?:${rubyToJs(p)})`).join('|'));

// ---------------------------------------------------------------------------------------------

/** The data module's text, from a Linguist lib/linguist folder. */
export function linguistDataModule(lib) {
  const read = (name) => readFileSync(join(lib, name), 'utf8');
  const version = read('VERSION').trim();
  const languagesJson = existsSync(join(lib, 'languages.json')) ? JSON.parse(read('languages.json')) : parse(read('languages.yml'));
  const samples = JSON.parse(read('samples.json'));

  // As language.rb: sample extensions not already covered are added, sample interpreters too.
  const names = Object.keys(languagesJson);
  const languages = names.map((name) => {
    const o = languagesJson[name];
    const extensions = [...(o.extensions ?? [])];
    for (const ext of samples.extnames?.[name] ?? []) {
      if (!extensions.some((x) => x.toLowerCase().endsWith(ext.toLowerCase()))) extensions.push(ext);
    }
    const interpreters = [...(o.interpreters ?? [])];
    for (const it of samples.interpreters?.[name] ?? []) if (!interpreters.includes(it)) interpreters.push(it);
    const aliases = [name.toLowerCase().replace(/\s/g, '-'), ...(o.aliases ?? [])];
    return { name, type: o.type, extensions, interpreters: interpreters.sort(), filenames: o.filenames ?? [], aliases };
  });
  const index = new Map(names.map((n, i) => [n, i]));

  const push = (map, key, value) => {
    if (!map.has(key)) map.set(key, []);
    if (!map.get(key).includes(value)) map.get(key).push(value);
  };
  const extensions = new Map();
  const filenames = new Map();
  const interpreters = new Map();
  const aliases = new Map();
  const lookup = new Map(); // Language[name]: names and aliases, lower case
  languages.forEach((l, i) => {
    lookup.set(l.name.toLowerCase(), i);
    for (const a of l.aliases) {
      aliases.set(a.toLowerCase(), i);
      lookup.set(a.toLowerCase(), i);
    }
    for (const e of l.extensions) push(extensions, e.toLowerCase(), i);
    for (const f of l.filenames) push(filenames, f, i);
    for (const it of l.interpreters) push(interpreters, it, i);
  });

  const vendor = parse(read('vendor.yml')).map((p) => rubyToJs(p, true));
  const documentation = parse(read('documentation.yml')).map((p) => rubyToJs(p, true));
  const generic = parse(read('generic.yml')).extensions;

  const heuristicsYml = parse(read('heuristics.yml'));
  const named = heuristicsYml.named_patterns ?? {};
  const language = (n) => {
    const i = lookup.get(String(n).toLowerCase());
    if (i === undefined) throw new Error(`heuristics.yml names an unknown language: ${n}`);
    return i;
  };
  const rule = (r) => {
    if (r.and) return { and: r.and.map(rule) };
    if (r.pattern !== undefined) return { re: union([r.pattern].flat()) };
    if (r.negative_pattern !== undefined) return { not: union([r.negative_pattern].flat()) };
    if (r.named_pattern !== undefined) {
      if (!(r.named_pattern in named)) throw new Error(`heuristics.yml: unknown named pattern ${r.named_pattern}`);
      return { re: union([named[r.named_pattern]].flat()) };
    }
    return null; // always matches
  };
  const heuristics = heuristicsYml.disambiguations.map((d) => ({
    extensions: d.extensions,
    rules: d.rules.map((r) => ({ languages: [r.language].flat().map(language), pattern: rule(r) })),
  }));

  const generatedRb = read('generated.rb');
  const body = /def generated\?\n([\s\S]*?)\n\s*end\n/.exec(generatedRb);
  if (!body) throw new Error('generated.rb: no generated? method');
  const generatedChecks = body[1]
    .split('||')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of generatedChecks) if (!/^[a-z0-9_]+\?$/.test(c)) throw new Error(`generated.rb: unexpected check ${c}`);

  const types = { programming: 'programming', markup: 'markup', data: 'data', prose: 'prose' };
  for (const l of languages) if (!types[l.type]) throw new Error(`languages: ${l.name} has type ${l.type}`);

  const json = (v) => JSON.stringify(v);
  const record = (map) =>
    `{\n${[...map]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `  ${json(k)}: ${json(v)},`)
      .join('\n')}\n}`;
  return `// Generated by scripts/write-linguist-data.js from GitHub Linguist ${version} (its lib/linguist:
// languages, samples' extensions and interpreters, vendor.yml, documentation.yml, generic.yml,
// heuristics.yml, and the names of generated.rb's checks). Do not edit; run the script again.
// Patterns are Linguist's, translated from Ruby into JavaScript regular expressions.
//
// GitHub Linguist, Copyright (c) 2017 GitHub, Inc. and Linguist contributors. MIT license:
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software
// and associated documentation files (the "Software"), to deal in the Software without
// restriction, including without limitation the rights to use, copy, modify, merge, publish,
// distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
// Software is furnished to do so, subject to the following conditions: The above copyright
// notice and this permission notice shall be included in all copies or substantial portions of
// the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
// PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
// LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
// OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
// DEALINGS IN THE SOFTWARE.

/** A language's type in Linguist: only programming and markup count for language statistics. */
export type LanguageType = 'programming' | 'markup' | 'data' | 'prose';

/** A heuristic's test: a pattern that must match, one that must not, all of several, or none (always). */
export type HeuristicPattern = { re: string } | { not: string } | { and: HeuristicPattern[] } | null;

export const LINGUIST_VERSION = ${json(version)};

/** Every language, as [name, type]; the numbers below index this list. */
export const LANGUAGES: ReadonlyArray<readonly [string, LanguageType]> = [
${languages.map((l) => `  [${json(l.name)}, ${json(l.type)}],`).join('\n')}
];

/** Extension (lower case, with its dot; may have several parts, ".html.erb") to languages. */
export const EXTENSIONS: Readonly<Record<string, readonly number[]>> = ${record(extensions)};

/** Exact file name to languages. */
export const FILENAMES: Readonly<Record<string, readonly number[]>> = ${record(filenames)};

/** Interpreter named by a shebang to languages. */
export const INTERPRETERS: Readonly<Record<string, readonly number[]>> = ${record(interpreters)};

/** Alias (lower case; a language's name in lower case with dashes for spaces is one) to language. */
export const ALIASES: Readonly<Record<string, number>> = ${record(aliases)};

/** Path patterns of vendored files (vendor.yml), to compile with the m flag. */
export const VENDOR: readonly string[] = ${json(vendor)};

/** Path patterns of documentation (documentation.yml), to compile with the m flag. */
export const DOCUMENTATION: readonly string[] = ${json(documentation)};

/** Extensions too common to name a language alone (generic.yml). */
export const GENERIC_EXTENSIONS: readonly string[] = ${json(generic)};

/** heuristics.yml: for files ending in one of the extensions, the first rule that matches names the language. */
export const HEURISTICS: ReadonlyArray<{ extensions: readonly string[]; rules: ReadonlyArray<{ languages: readonly number[]; pattern: HeuristicPattern }> }> = [
${heuristics.map((h) => `  ${json(h)},`).join('\n')}
];

/** The checks of generated.rb's generated?, in its order. */
export const GENERATED_CHECKS: readonly string[] = ${json(generatedChecks)};
`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const lib = args.find((a) => !a.startsWith('--')) ?? findLinguistLib();
  if (!lib) {
    console.error('No Linguist found: apt-get install ruby-github-linguist, or give the path of a Linguist lib/linguist folder.');
    process.exit(2);
  }
  const text = linguistDataModule(lib);
  if (check) {
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error(`src/util/linguist/data.ts is not what ${lib} generates: run node scripts/write-linguist-data.js`);
      process.exit(1);
    }
    console.log(`src/util/linguist/data.ts is current (Linguist ${readFileSync(join(lib, 'VERSION'), 'utf8').trim()})`);
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote src/util/linguist/data.ts from ${lib}`);
  }
}
