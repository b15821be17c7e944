// What starting a git process costs node, with the spawner (src/git/spawner.ts) and without
// (BLUEPRINT_GIT_SPAWNER=direct), from a process of a given size: wall time and main-thread time
// blocked in the start, for git calls one after another and eight at once.
// Usage: npm run build && node bench/spawn.js [--heap-mb 0,100,250] [--calls 100]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const heaps = flag('--heap-mb', '0,100,250').split(',').map(Number);
const calls = Number(flag('--calls', '100'));
const root = fileURLToPath(new URL('..', import.meta.url));

/** One measurement, in a node process of its own that first fills `mb` of heap. */
const probe = `
  const { runGit } = await import(${JSON.stringify(`${root}dist/src/git/run.js`)});
  const { startGitSpawner } = await import(${JSON.stringify(`${root}dist/src/git/spawner.js`)});
  const keep = [];
  for (let i = 0; i < MB; i++) keep.push(new Float64Array(131072).fill(i));
  if (process.env.BLUEPRINT_GIT_SPAWNER !== 'direct') await startGitSpawner();
  const dir = ${JSON.stringify(root)};
  for (let i = 0; i < 10; i++) await runGit(dir, ['rev-parse', 'HEAD']);
  let blocked = 0;
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const s = performance.now();
    const run = runGit(dir, ['rev-parse', 'HEAD']);
    blocked += performance.now() - s;
    if ((await run).code !== 0) throw new Error('git failed');
  }
  const sequential = performance.now() - t0;
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  for (let k = 0; k < CALLS / 8; k++) await Promise.all(Array.from({ length: 8 }, () => runGit(dir, ['rev-parse', 'HEAD'])));
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ rss: process.memoryUsage().rss, sequential, blocked, concurrent: performance.now() - t1, cpu: (cpu.user + cpu.system) / 1000 }));
`;

console.log(`blueprint-audit spawn benchmark: ${calls} git calls, node ${process.version}`);
for (const mb of heaps) {
  for (const mode of ['spawner', 'direct']) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe.replace('MB', String(mb)).replace(/CALLS/g, String(calls))], {
      encoding: 'utf8',
      env: { ...process.env, BLUEPRINT_GIT_SPAWNER: mode === 'direct' ? 'direct' : '' },
    });
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exit(1);
    }
    const m = JSON.parse(r.stdout);
    const per = (ms) => `${(ms / calls).toFixed(2).padStart(6)} ms`;
    console.log(
      `  ${String(Math.round(m.rss / 1e6)).padStart(4)} MB  ${mode.padEnd(8)} one after another ${per(m.sequential)} each (${per(m.blocked)} blocked)   eight at once ${per(m.concurrent)} each, node CPU ${per(m.cpu)}`,
    );
  }
}
