/**
 * Testing kit for rule authors (`blueprint-audit/testing`): an in-memory repository built from a
 * spec, and a strict rule tester that runs a rule as an audit does, with no disk and no git.
 *
 *   import { runRule } from 'blueprint-audit/testing';
 *   const r = await runRule(myRule, { commits: [{ date: '2026-11-01T00:00:00Z', files: { 'README.md': '# x\n' } }] });
 *   expect(r.status).toBe('pass');
 */
export { memoryView, openMemoryRepo, type MemoryRepo, type MemoryRepoOptions } from './memory-repo.ts';
export { outcomeProblem, RuleTesterError, runRule, type RuleRun, type RunRuleOptions, type ViewSource } from './rule-tester.ts';
export { DEFAULT_AUTHORS, type Person, type RepoSpec, type SpecCommit, type SpecFile } from './spec.ts';
