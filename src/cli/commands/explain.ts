import { EXIT } from '../../exit-codes.ts';
import type { CommandRun } from './command.ts';

/** `blueprint explain <rule>`: the rule's documentation and its options with defaults. */
export const explain: CommandRun<[rule: string], Record<string, never>> = async ([id], _flags, io) => {
  const { explain: explainRule } = await import('../../explain.ts');
  io.stdout.write(await explainRule(id));
  return EXIT.ok;
};
