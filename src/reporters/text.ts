import { Chalk, type ChalkInstance } from 'chalk';
import { PILLARS, type Finding, type RepoReport, type Report, type RuleResult, type RuleStatus } from '../types.ts';
import { own } from '../util/dict.ts';
import { neutraliseAll } from '../util/sanitize.ts';
import { wrap } from '../util/wrap.ts';
import {
  append,
  auditedLine,
  FINDINGS_SHOWN,
  fold,
  formatScore,
  gateReasons,
  incompleteReasons,
  isIncomplete,
  KEY_PEOPLE_RULE,
  keyPeopleOf,
  keyPersonRows,
  leftList,
  namesOf,
  NO_KEY_PEOPLE,
  regression,
  ruleDelta,
  ruleScore,
  signed,
  systemsByRepository,
  whatDecides,
  worstFindings,
  type KeyPersonRow,
} from './format.ts';
import { FIX_FIRST_WHY, fixFirst, fixFirstAcross } from './priorities.ts';

export interface TextOptions {
  /** chalk colour level: 0 for none. */
  colorLevel?: 0 | 1 | 2 | 3;
  width?: number;
  /** One line per repository and the gate; no rule details. */
  quiet?: boolean;
}

const FIX_FIRST = 3;

const STATUS_LABEL: Record<RuleStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', error: 'ERR ' };

function paint(c: ChalkInstance) {
  return {
    status(status: RuleStatus, text: string) {
      if (status === 'pass') return c.green(text);
      if (status === 'warn') return c.yellow(text);
      if (status === 'fail' || status === 'error') return c.red(text);
      return c.dim(text);
    },
    score(score: number | null, text: string) {
      if (score === null) return c.dim(text);
      if (score >= 70) return c.green(text);
      if (score >= 40) return c.yellow(text);
      return c.red(text);
    },
  };
}

const fmt = formatScore;

function bar(score: number | null, width = 20): string {
  if (score === null) return '';
  const filled = Math.round((score / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function location(f: Finding): string {
  if (!f.path) return '';
  return f.line ? `${f.path}:${f.line}` : f.path;
}

export { fixFirst } from './priorities.ts';

const MATRIX_ROWS = 12;

/** A table cell of `width` columns: text already neutralised, so the cut cannot split an escape sequence. */
function cell(text: string | null, width: number): string {
  const value = (text ?? '—').replace(/\s+/g, ' ');
  return value.length > width ? `${value.slice(0, width - 1)}…` : value.padEnd(width);
}

/** An expert and the day of their latest change to the system, the name cut so the day always shows. */
function expertCell(name: string | null, lastCommit: string | null, width: number): string {
  if (name === null || !lastCommit) return cell(name, width);
  return `${cell(name, width - lastCommit.length - 1).trimEnd()} ${lastCommit}`.padEnd(width);
}

/**
 * The key-person matrix: system, primary and secondary expert with the day of their latest change
 * to it, documentation; under a row, the experts who have left and when they last changed it.
 */
function renderMatrix(rows: readonly KeyPersonRow[], c: ChalkInstance, width: number): string[] {
  const SYSTEM = 16;
  // Two expert columns share what the line has left (80 columns: 24 each, a name of 13 and its date).
  const expert = Math.max(22, Math.min(34, Math.floor((width - 8 - SYSTEM - 3 - 4) / 2)));
  const out = [
    c.dim(`        ${cell('system', SYSTEM)} ${cell('primary, last change', expert)} ${cell('secondary, last change', expert)} docs`),
  ];
  const under = ' '.repeat(8 + SYSTEM + 1);
  for (const row of rows.slice(0, MATRIX_ROWS)) {
    const secondary = row.secondary === null ? c.yellow(cell(null, expert)) : expertCell(row.secondary, row.secondaryLastCommit, expert);
    out.push(
      `        ${cell(row.system, SYSTEM)} ${expertCell(row.primary, row.primaryLastCommit, expert)} ${secondary} ${row.documented ? 'yes' : c.yellow('no')}`,
    );
    if (row.departed.length)
      out.push(`${under}${c.yellow('left:')} ${cell(leftList(row.departed), Math.max(20, width - under.length - 6)).trimEnd()}`);
  }
  if (rows.length > MATRIX_ROWS) out.push(c.dim(`        … and ${rows.length - MATRIX_ROWS} more systems (see --format json)`));
  return out;
}

/** A rule's line: status, id, score out of 10 (with what decides, when the score alone does not tell) and its change since the baseline on the same scale. */
function renderRule(rule: RuleResult, c: ChalkInstance, width: number, delta100: number | null = null): string[] {
  const p = paint(c);
  const score = rule.score === null ? '  —' : ruleScore(rule.score).padStart(4);
  const delta = ruleDelta(delta100);
  const change = delta === null || delta === 0 ? '' : (delta < 0 ? c.red : c.green)(`  ${signed(delta)} since baseline`);
  const decides = whatDecides(rule);
  const head = `    ${p.status(rule.status, STATUS_LABEL[rule.status])}  ${c.bold(rule.id.padEnd(18))} ${score}/10${decides ? c.dim(` (${decides})`) : ''}${change}`;
  const lines = [head];
  if (rule.reason)
    append(
      lines,
      wrap(rule.reason, width, '          ').map((l) => c.dim(l)),
    );
  const worth = worstFindings(rule.status === 'pass' ? rule.findings.filter((f) => f.severity !== 'info') : rule.findings);
  const { shown, more } = fold(worth, FINDINGS_SHOWN);
  for (const f of shown) {
    const mark = f.severity === 'error' ? c.red('x') : f.severity === 'warning' ? c.yellow('!') : c.dim('i');
    const where = location(f);
    append(lines, wrap(`${f.message}${where ? ` (${where})` : ''}`, width, '          ', `        ${mark} `));
  }
  if (more) lines.push(c.dim(`          … and ${more} more (see --format json)`));
  const matrix = keyPersonRows(rule);
  if (matrix.length) append(lines, renderMatrix(matrix, c, width));
  if (rule.status === 'fail' || rule.status === 'warn')
    append(lines, wrap(rule.remediation, width, '          ', `        ${c.cyan('fix:')} `));
  return lines;
}

function renderRepo(repo: RepoReport, name: string, c: ChalkInstance, width: number, quiet: boolean): string[] {
  const p = paint(c);
  if (repo.status === 'error') {
    return append([`${c.bold(name)}  ${c.red('could not be audited')}`], wrap(repo.error ?? 'unknown error', width, '  '));
  }
  const where = [repo.defaultBranch && `default branch ${repo.defaultBranch}`, repo.commit && `at ${repo.commit.slice(0, 12)}`]
    .filter(Boolean)
    .join(', ');
  const overall = `${c.bold('Overall')} ${p.score(repo.score, c.bold(`${fmt(repo.score)} / 100`))}  ${p.score(repo.score, bar(repo.score))}`;
  const incomplete = isIncomplete(repo);
  if (quiet) {
    const gate = repo.gate.passed ? '' : `  ${c.red('gate failed')}`;
    const partial = incomplete ? `  ${c.yellow('incomplete audit')}` : '';
    return append(
      [`${name}  ${fmt(repo.score)} / 100${partial}${gate}`],
      gateReasons(repo).map((f) => `  ${f}`),
    );
  }
  const header =
    name.length + where.length + 4 <= width
      ? [`${c.bold(name)}${where ? c.dim(`  (${where})`) : ''}`]
      : [c.bold(name), c.dim(`  ${where}`)];
  const lines = [...header];
  // Before the score, so nobody reads the number without knowing it rests on part of the evidence.
  if (incomplete)
    append(
      lines,
      wrap(`Incomplete audit: ${incompleteReasons(repo)}`, width, '    ', '  ').map((l) => c.yellow(l)),
    );
  lines.push(`  ${overall}`);
  for (const note of repo.notes)
    append(
      lines,
      wrap(`note: ${note}`, width, '    ', '  ').map((l) => c.yellow(l)),
    );
  for (const pillar of PILLARS) {
    const rules = repo.rules.filter((r) => r.pillar === pillar);
    const score = repo.pillars[pillar].score;
    lines.push(
      '',
      `  ${c.bold(pillar.toUpperCase().padEnd(8))} ${p.score(score, fmt(score).padStart(5))}${rules.length ? '' : c.dim('  no rules yet')}`,
    );
    for (const rule of rules) append(lines, renderRule(rule, c, width, own(repo.baseline?.rules, rule.id)?.delta ?? null));
  }
  const first = fixFirst(repo);
  if (first.length) {
    lines.push('', `  ${c.bold('Fix first')}`);
    append(
      lines,
      wrap(`${FIX_FIRST_WHY.charAt(0).toUpperCase()}${FIX_FIRST_WHY.slice(1)}.`, width, '    ', '    ').map((l) => c.dim(l)),
    );
    first.forEach(({ rule, gain }, i) => {
      lines.push(
        `    ${i + 1}. ${c.bold(rule.id.padEnd(18))} ${ruleScore(rule.score)}/10, ${rule.risk} risk: up to +${gain.toFixed(1)} points`,
      );
    });
  }
  if (repo.baseline) {
    const b = repo.baseline;
    const delta = b.delta === null ? '' : ` (${b.delta >= 0 ? '+' : ''}${b.delta.toFixed(1)} since baseline)`;
    lines.push('', `  ${c.bold('Baseline')} ${fmt(b.score)} → ${fmt(repo.score)}${delta}, tolerance ${b.tolerance}`);
    for (const r of b.regressions) lines.push(c.red(`    regressed: ${regression(r)}`));
  }
  if (repo.gate.failUnder !== null || repo.gate.failures.length) {
    lines.push(
      '',
      repo.gate.passed
        ? c.green(`  Gate passed${repo.gate.failUnder !== null ? ` (fail-under ${repo.gate.failUnder})` : ''}`)
        : c.red(`  Gate failed: ${gateReasons(repo, { countRegressions: true }).join('; ')}`),
    );
  }
  return lines;
}

/** The organisation at a glance: pillar means, repositories worst first, rule pass counts. */
function renderSummary(report: Report, c: ChalkInstance, width: number, nameOf: (target: string) => string): string[] {
  const p = paint(c);
  const s = report.summary;
  const COL = 8;
  const num = (v: number | null) => p.score(v, fmt(v).padStart(COL));
  const nameWidth = Math.max(20, Math.min(40, width - 2 - COL * 5));
  const partial = new Set(report.repos.filter(isIncomplete).map((r) => r.target));
  const lines = [
    c.bold(`Summary: ${auditedLine({ ...s, incomplete: s.incomplete ?? partial.size })}`),
    `  mean ${p.score(s.score, fmt(s.score))}   ${PILLARS.map((pillar) => `${pillar.toUpperCase()} ${p.score(s.pillars[pillar], fmt(s.pillars[pillar]))}`).join('   ')}`,
    '',
    c.dim(`  ${'repository (worst first)'.padEnd(nameWidth)}${'score'.padStart(COL)}${PILLARS.map((x) => x.padStart(COL)).join('')}`),
  ];
  for (const row of s.ranking) {
    const full = nameOf(row.target);
    const name = full.length > nameWidth - 1 ? `…${full.slice(-(nameWidth - 2))}` : full;
    if (row.status === 'error') {
      append(
        lines,
        wrap(`could not be audited: ${row.error ?? ''}`, width, ' '.repeat(nameWidth + 2), `  ${name.padEnd(nameWidth)}`).map((l) =>
          c.red(l),
        ),
      );
      continue;
    }
    lines.push(
      `  ${name.padEnd(nameWidth)}${num(row.score)}${PILLARS.map((x) => num(row.pillars[x])).join('')}${partial.has(row.target) ? c.yellow('  incomplete') : ''}`,
    );
  }
  const ids = Object.keys(s.rules);
  if (ids.length) {
    lines.push('', c.dim(`  ${'rule'.padEnd(nameWidth)}${['pass', 'warn', 'fail', 'skip', 'error'].map((x) => x.padStart(COL)).join('')}`));
    for (const id of ids) {
      const r = s.rules[id]!;
      const cells = [
        c.green(String(r.pass).padStart(COL)),
        c.yellow(String(r.warn).padStart(COL)),
        c.red(String(r.fail).padStart(COL)),
        String(r.skip).padStart(COL),
        String(r.error).padStart(COL),
      ];
      lines.push(`  ${id.padEnd(nameWidth)}${cells.join('')}`);
    }
  }
  const first = fixFirstAcross(report.repos, FIX_FIRST);
  if (first.length) {
    lines.push('', `  ${c.bold('Fix first across the organisation')}`);
    append(
      lines,
      wrap(`${FIX_FIRST_WHY.charAt(0).toUpperCase()}${FIX_FIRST_WHY.slice(1)}, on the mean score.`, width, '    ', '    ').map((l) =>
        c.dim(l),
      ),
    );
    for (const [i, x] of first.entries())
      lines.push(
        `    ${i + 1}. ${c.bold(x.id.padEnd(18))} below the standard in ${x.below} of ${s.audited}: up to +${x.gain.toFixed(1)} points`,
      );
  }
  append(lines, renderKeyPeople(report, c, width, nameOf));
  return lines;
}

const KEY_PEOPLE_SHOWN = 10;

/** The people several repositories depend on, most depended on first; the rest are in the JSON report. */
function renderKeyPeople(report: Report, c: ChalkInstance, width: number, nameOf: (target: string) => string): string[] {
  const { shown, people } = keyPeopleOf(report);
  if (!shown) return [];
  const lines = [''];
  if (!people.length) return append(lines, wrap(`Key people: none. ${NO_KEY_PEOPLE}`, width, '    ', '  '));
  append(lines, wrap(`${c.bold(`Key people (${people.length})`)}: ${KEY_PEOPLE_RULE}.`, width, '    ', '  '));
  people.slice(0, KEY_PEOPLE_SHOWN).forEach((p, i) => {
    const emails = p.person.emails.length ? ` <${p.person.emails.join(', ')}>` : '';
    append(lines, wrap(`${c.bold(p.person.name)}${emails}`, width, '       ', `    ${String(i + 1).padStart(2)}. `));
    append(lines, wrap(p.reason, width, '        '));
    if (p.systems.length) append(lines, wrap(`systems: ${systemsByRepository(p, nameOf)}`, width, '          ', '        '));
    if (p.soleTruckFactor.length)
      append(lines, wrap(`active truck factor of 1: ${p.soleTruckFactor.map(nameOf).join(', ')}`, width, '          ', '        '));
  });
  if (people.length > KEY_PEOPLE_SHOWN) lines.push(c.dim(`    … and ${people.length - KEY_PEOPLE_SHOWN} more (see --format json)`));
  return lines;
}

/** Human-readable report: pillars, rules, findings with their fix, and the gates. */
export function renderText(input: Report, options: TextOptions = {}): string {
  // Repository text is neutralised first and our own colours added after: only they reach the terminal as escapes.
  const report = neutraliseAll(input);
  const c = new Chalk({ level: options.colorLevel ?? 0 });
  const width = Math.max(60, options.width ?? 80);
  const quiet = options.quiet ?? false;
  const out: string[] = [];
  const nameOf = namesOf(report);
  if (!quiet) {
    out.push(
      c.dim(`${report.tool.name} ${report.tool.version} · blueprint ${report.blueprint.source} · ${report.generatedAt.slice(0, 10)}`),
      '',
    );
  }
  report.repos.forEach((repo, i) => {
    if (i > 0 && !quiet) out.push('', c.dim('-'.repeat(Math.min(width, 80))), '');
    append(out, renderRepo(repo, nameOf(repo.target), c, width, quiet));
  });
  if (report.repos.length > 1) {
    out.push('');
    append(out, renderSummary(report, c, width, nameOf));
  }
  return `${out.join('\n')}\n`;
}
