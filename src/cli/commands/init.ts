import { UsageError } from '../../errors.ts';
import { EXIT } from '../../exit-codes.ts';
import type { Answers } from '../../init/answers.ts';
import type { CliIO } from '../io.ts';
import type { CommandRun } from './command.ts';

export interface InitFlags {
  teamSize?: number;
  budget?: string;
  focus?: string;
  yes?: boolean;
  force?: boolean;
  output: string;
  now?: Date;
}

type Given = { [K in keyof Answers]: Answers[K] | undefined };

/** The questionnaire: asks, through the terminal, what the flags left open. */
async function ask(given: Given, prompt: NonNullable<CliIO['prompt']>): Promise<Given> {
  const [{ PAINS, DEFAULT_ANSWERS, parseBudget, formatBudget }, { number, input, select }] = await Promise.all([
    import('../../init/answers.ts'),
    import('@inquirer/prompts'),
  ]);
  const context = { input: prompt.input, output: prompt.output, clearPromptOnDone: false };
  const teamSize =
    given.teamSize ??
    (await number(
      {
        message: 'How many engineers are on the team?',
        min: 1,
        max: 100_000,
        step: 1,
        required: true,
        default: DEFAULT_ANSWERS.teamSize,
      },
      context,
    ))!;
  const budget =
    given.budget ??
    parseBudget(
      await input(
        {
          message: 'Roughly what is the yearly engineering budget (e.g. 1.5M, 800k)?',
          default: formatBudget(teamSize * 150_000),
          validate: (v) => parseBudget(v) !== null || 'an amount in dollars, e.g. 1500000, 1.5M or 800k',
        },
        context,
      ),
    )!;
  const pain =
    given.pain ??
    (await select(
      {
        message: 'Where does it hurt most?',
        choices: (Object.keys(PAINS) as Array<keyof typeof PAINS>).map((key) => ({
          value: key,
          name: PAINS[key].label,
          description: `start with ${PAINS[key].pillar.toUpperCase()}`,
        })),
      },
      context,
    ));
  return { teamSize, budget, pain };
}

/** `blueprint init [dir]`: ask about the team (or take the flags) and write a starter blueprint.yml. */
export const init: CommandRun<[dir: string], InitFlags> = async ([dir], flags, io) => {
  const [
    { DEFAULT_ANSWERS, PAINS, parseBudget, parseFocus, presetFor, practicesFor },
    { blueprintYaml },
    { resolve, relative },
    { checkWritable, writeFileSafely },
  ] = await Promise.all([
    import('../../init/answers.ts'),
    import('../../init/write.ts'),
    import('node:path'),
    import('../../util/safe-write.ts'),
  ]);
  const budget = flags.budget === undefined ? undefined : parseBudget(flags.budget);
  if (budget === null)
    throw new UsageError(`--budget '${flags.budget}' is not an amount`, 'give dollars a year, e.g. 1500000, 1.5M or 800k');
  const pain = flags.focus === undefined ? undefined : parseFocus(flags.focus);
  if (pain === null)
    throw new UsageError(
      `--focus '${flags.focus}' is not a pain or a pillar`,
      `use ${Object.keys(PAINS).join(', ')} (or speed, stretch, shield, sales)`,
    );
  const file = resolve(io.cwd, dir, flags.output);
  const shown = relative(io.cwd, file) || flags.output;
  const target = {
    cwd: io.cwd,
    shown,
    what: 'the blueprint',
    exclusive: !flags.force,
    createFolders: true,
    exists: { message: 'already exists; init never overwrites it', hint: 'edit it, or run again with --force to replace it' },
  };
  await checkWritable(file, target); // before any question is asked

  let answers: Given = { teamSize: flags.teamSize, budget, pain };
  const missing = Object.values(answers).some((v) => v === undefined);
  if (missing && !flags.yes) {
    if (!io.prompt) {
      throw new UsageError(
        'blueprint init needs answers, and there is no terminal to ask them',
        'give --team-size, --budget and --focus, or --yes to take the defaults for what is missing',
      );
    }
    answers = await ask(answers, io.prompt);
  }
  const final: Answers = {
    teamSize: answers.teamSize ?? DEFAULT_ANSWERS.teamSize,
    budget: answers.budget ?? DEFAULT_ANSWERS.budget,
    pain: answers.pain ?? DEFAULT_ANSWERS.pain,
  };
  const text = blueprintYaml(final, flags.now ?? new Date());
  await writeFileSafely(file, text, target);
  const preset = presetFor(final);
  const pillar = PAINS[final.pain].pillar;
  io.stderr.write(
    `Wrote ${shown}: preset ${preset}, starting with ${pillar.toUpperCase()}: ${practicesFor(pillar, preset).join(', ')}.\n` +
      'Next: `blueprint audit` to see where you stand, `blueprint plan` for the first steps.\n',
  );
  return EXIT.ok;
};
