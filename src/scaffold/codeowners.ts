import type { BusFactorOptions } from '../../rules/bus-factor/index.ts';
import { codeownersText } from './scaffold.ts';

export interface DraftOptions {
  /** A blueprint file whose systems to use instead of the repository's own (relative to cwd). */
  config?: string;
  cwd: string;
  cacheDir: string;
  now: Date;
}

/**
 * CODEOWNERS for the repository at `root`, drafted from who wrote each system of its blueprint,
 * as bus-factor counts them (so the file names the experts the audit would).
 */
export async function draftCodeowners(root: string, options: DraftOptions): Promise<string> {
  const [{ openLocalRepo }, { discoverConfig, loadConfigFile, recommendedConfig }, { systemExperts }] = await Promise.all([
    import('../sources/local.ts'),
    import('../config/load.ts'),
    import('../../rules/bus-factor/index.ts'),
  ]);
  const repo = await openLocalRepo(root, { cacheDir: options.cacheDir });
  try {
    const config = options.config
      ? await loadConfigFile(options.config, options.cwd)
      : ((await discoverConfig(repo, options.cwd)) ?? recommendedConfig());
    const settings = config.rules.get('bus-factor')!.options as BusFactorOptions;
    const systems = await systemExperts(repo.view, config.systems, settings, options.now);
    return codeownersText(systems, options.now.toISOString().slice(0, 10));
  } finally {
    repo.close();
  }
}
