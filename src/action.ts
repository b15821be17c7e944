/**
 * Entry point of the GitHub Action (action.yml): maps the action's inputs onto `blueprint audit`,
 * writes every report into a folder (the SARIF file ready for the code-scanning upload step), the
 * Markdown summary into the job summary, and the score into the step's outputs.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { run, type CliIO } from './cli.ts';

const input = (env: CliIO['env'], name: string): string => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();

/** The command line the inputs stand for. */
export function actionArguments(env: CliIO['env']): { argv: string[]; outputDir: string } {
  const outputDir = input(env, 'output-dir') || 'blueprint-reports';
  const formats = new Set((input(env, 'formats') || 'text,markdown,sarif').split(',').map((f) => f.trim()).filter(Boolean));
  formats.add('json'); // the outputs are read from it
  const argv = ['audit', ...(input(env, 'targets') || '.').split(/\s+/).filter(Boolean), '--format', [...formats].join(','), '--output-dir', outputDir];
  const pairs: Array<[string, string]> = [
    ['config', '--config'],
    ['fail-under', '--fail-under'],
    ['baseline', '--baseline'],
    ['tolerance', '--tolerance'],
    ['org', '--org'],
    ['now', '--now'],
    ['concurrency', '--concurrency'],
  ];
  for (const [name, flag] of pairs) if (input(env, name)) argv.push(flag, input(env, name));
  if ((input(env, 'summary') || 'true') === 'true') argv.push('--summary');
  return { argv, outputDir };
}

export async function runAction(io: CliIO): Promise<number> {
  const { argv, outputDir } = actionArguments(io.env);
  const env = { ...io.env, ...(input(io.env, 'github-token') && !io.env.GITHUB_TOKEN ? { GITHUB_TOKEN: input(io.env, 'github-token') } : {}) };
  const code = await run(argv, { ...io, env });
  const dir = resolve(io.cwd, outputDir);
  const report = await readFile(join(dir, 'blueprint.json'), 'utf8').then((t) => JSON.parse(t) as { summary: { score: number | null; passed: boolean } }, () => null);
  if (io.env.GITHUB_OUTPUT) {
    const outputs = [
      `score=${report?.summary.score ?? ''}`,
      `passed=${report ? String(report.summary.passed && code === 0) : 'false'}`,
      `exit-code=${code}`,
      `report-dir=${dir}`,
      `sarif-file=${join(dir, 'blueprint.sarif')}`,
    ];
    await appendFile(io.env.GITHUB_OUTPUT, `${outputs.join('\n')}\n`);
  }
  return code;
}

/** Called by action.yml. */
export async function main(): Promise<void> {
  process.exitCode = await runAction({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 100,
  });
}
