import { EXIT } from '../../exit-codes.ts';
import type { CommandRun } from './command.ts';

const GAP = 2;

/** `blueprint rules`: each rule's id, pillar, risk and what it checks, as a table or JSON. */
export const rules: CommandRun<[], { json?: boolean }> = async (_args, flags, io) => {
  const { RULES } = await import('../../../rules/index.ts');
  if (flags.json) {
    io.stdout.write(
      `${JSON.stringify(
        RULES.map(({ meta }) => ({ id: meta.id, pillar: meta.pillar, risk: meta.risk, description: meta.description })),
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  const { wrap } = await import('../../util/wrap.ts');
  const width = Math.max(60, Math.min(io.columns ?? 80, 100));
  // Each column as wide as its longest value, so no id runs into its pillar (disaster-recovery).
  const columns = [
    ['RULE', ...RULES.map((r) => r.meta.id)],
    ['PILLAR', ...RULES.map((r) => r.meta.pillar)],
    ['RISK', ...RULES.map((r) => r.meta.risk)],
  ].map((values) => Math.max(...values.map((v) => v.length)) + GAP);
  const [id = 0, pillar = 0, risk = 0] = columns;
  io.stdout.write(`${'RULE'.padEnd(id)}${'PILLAR'.padEnd(pillar)}${'RISK'.padEnd(risk)}DESCRIPTION\n`);
  for (const { meta } of RULES) {
    const head = `${meta.id.padEnd(id)}${meta.pillar.padEnd(pillar)}${meta.risk.padEnd(risk)}`;
    io.stdout.write(`${wrap(meta.description, width, ' '.repeat(id + pillar + risk), head).join('\n')}\n`);
  }
  return EXIT.ok;
};
