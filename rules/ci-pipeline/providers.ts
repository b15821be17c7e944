import { basename } from '../../src/util/paths.ts';
import { asArray, isRecord, parseYaml, strings, type ParsedYaml } from '../../src/util/yaml.ts';

export const PROVIDERS = [
  'github-actions', 'gitlab-ci', 'circleci', 'jenkins', 'azure-pipelines', 'travis', 'bitbucket-pipelines',
  'buildkite', 'drone', 'woodpecker', 'tekton', 'aws-codebuild', 'google-cloud-build', 'teamcity',
] as const;
export type Provider = (typeof PROVIDERS)[number];

/** One unit of work in a pipeline, reduced to what the classifier needs. */
export interface CiJob {
  name: string;
  /** Shell commands and step names. */
  commands: string[];
  /** Reusable actions, orbs, pipes, tasks or images the job calls. */
  uses: string[];
  /** The config marks it as a deployment (an environment, a deployment job). */
  deployment: boolean;
  /** A person must start or approve it. */
  manual: boolean;
  line: number | null;
}

export interface ParsedConfig {
  provider: Provider;
  path: string;
  jobs: CiJob[];
  /** A syntax error that kept the file from being read. */
  error: { message: string; line: number } | null;
  /** Things the file refers to that cannot be followed locally (remote includes). */
  notes: string[];
}

interface ProviderSpec {
  id: Provider;
  /** Canonical locations of the provider's configuration. */
  matches(path: string): boolean;
  parse(text: string, path: string): Omit<ParsedConfig, 'provider' | 'path'>;
}

function job(name: string, fields: Partial<CiJob> = {}): CiJob {
  return { name, commands: [], uses: [], deployment: false, manual: false, line: null, ...fields };
}

/** Parses YAML and maps each document with `read`; a syntax error becomes the config's error. */
function fromYaml(text: string, read: (doc: Record<string, unknown>, parsed: ParsedYaml, index: number) => CiJob[] | { jobs: CiJob[]; notes: string[] }) {
  const parsed = parseYaml(text);
  if (parsed.error) return { jobs: [], error: { message: parsed.error.message, line: parsed.error.line }, notes: [] };
  const jobs: CiJob[] = [];
  const notes: string[] = [];
  parsed.docs.forEach((doc, i) => {
    if (!isRecord(doc)) return;
    const out = read(doc, parsed, i);
    if (Array.isArray(out)) jobs.push(...out);
    else {
      jobs.push(...out.jobs);
      notes.push(...out.notes);
    }
  });
  return { jobs, error: null, notes };
}

const entries = (value: unknown): [string, unknown][] => (isRecord(value) ? Object.entries(value) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

// --- GitHub Actions ---------------------------------------------------------------------------

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return strings(on);
  return Object.keys(isRecord(on) ? on : {});
}

const githubActions: ProviderSpec = {
  id: 'github-actions',
  matches: (p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc, parsed) => {
      // YAML 1.1 readers turn the key `on` into true; the yaml package (1.2) keeps "on".
      const on = triggers(doc.on ?? doc.true);
      const manualOnly = on.length > 0 && on.every((t) => t === 'workflow_dispatch');
      return entries(doc.jobs).map(([id, value]) => {
        const j = isRecord(value) ? value : {};
        const steps = asArray(j.steps).filter(isRecord);
        const condition = text(j.if);
        const withPush = steps.some((s) => isRecord(s.with) && (s.with.push === true || s.with.push === 'true'));
        return job(text(j.name) || id, {
          commands: steps.flatMap((s) => [text(s.name), text(s.run)]).filter(Boolean),
          uses: [text(j.uses), ...steps.map((s) => text(s.uses))].filter(Boolean).concat(withPush ? ['docker push'] : []),
          deployment: j.environment !== undefined,
          manual: manualOnly || /github\.event_name\s*==\s*['"]workflow_dispatch['"]/.test(condition),
          line: parsed.locate(['jobs', id], { key: true })?.line ?? null,
        });
      });
    }),
};

// --- GitLab CI ---------------------------------------------------------------------------------

const GITLAB_RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'pages:deploy']);

const gitlab: ProviderSpec = {
  id: 'gitlab-ci',
  matches: (p) => p === '.gitlab-ci.yml' || p === '.gitlab-ci.yaml',
  parse: (source) =>
    fromYaml(source, (doc, parsed) => {
      const notes = doc.include !== undefined ? ['includes other files or templates, which are not followed'] : [];
      const jobs = entries(doc)
        .filter(([key, value]) => !GITLAB_RESERVED.has(key) && !key.startsWith('.') && isRecord(value))
        .map(([key, value]) => {
          const j = value as Record<string, unknown>;
          const rules = asArray(j.rules).filter(isRecord);
          return job(key, {
            commands: [text(j.stage), ...strings(j.before_script), ...strings(j.script), ...strings(j.after_script)].filter(Boolean),
            uses: [text(isRecord(j.image) ? j.image.name : j.image), ...strings(j.extends)].filter(Boolean),
            deployment: j.environment !== undefined,
            manual: j.when === 'manual' || rules.some((r) => r.when === 'manual'),
            line: parsed.locate([key], { key: true })?.line ?? null,
          });
        });
      return { jobs, notes };
    }),
};

// --- CircleCI ----------------------------------------------------------------------------------

const circleci: ProviderSpec = {
  id: 'circleci',
  matches: (p) => p === '.circleci/config.yml' || p === '.circleci/config.yaml',
  parse: (source) =>
    fromYaml(source, (doc, parsed) => {
      const manualJobs = new Set<string>();
      const workflowJobs: CiJob[] = [];
      for (const [, workflow] of entries(doc.workflows)) {
        if (!isRecord(workflow)) continue;
        const list = asArray(workflow.jobs);
        const approvals = new Set<string>();
        for (const item of list) {
          for (const [name, cfg] of entries(item)) if (isRecord(cfg) && cfg.type === 'approval') approvals.add(text(cfg.name) || name);
        }
        for (const item of list) {
          const [name, cfg] = typeof item === 'string' ? [item, {}] : (entries(item)[0] ?? ['', {}]);
          const requires = isRecord(cfg) ? strings(cfg.requires) : [];
          if (requires.some((r) => approvals.has(r))) manualJobs.add(name);
          // Orb jobs (e.g. aws-ecs/deploy-service-update) have no local definition.
          if (name.includes('/')) workflowJobs.push(job(name, { uses: [name], manual: manualJobs.has(name) }));
        }
      }
      const defined = entries(doc.jobs).map(([id, value]) => {
        const steps = asArray(isRecord(value) ? value.steps : undefined);
        const commands: string[] = [];
        const uses: string[] = [];
        for (const step of steps) {
          if (typeof step === 'string') continue;
          for (const [key, cfg] of entries(step)) {
            if (key === 'run') commands.push(...(isRecord(cfg) ? [text(cfg.name), text(cfg.command)] : strings(cfg)));
            else if (key.includes('/')) uses.push(key);
            else if (key === 'store_artifacts' || key === 'persist_to_workspace') uses.push('upload-artifact');
            else if (key === 'store_test_results') commands.push('test results');
          }
        }
        return job(id, { commands: commands.filter(Boolean), uses, manual: manualJobs.has(id), line: parsed.locate(['jobs', id], { key: true })?.line ?? null });
      });
      return [...defined, ...workflowJobs];
    }),
};

// --- Jenkins -----------------------------------------------------------------------------------

function stripGroovyComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
}

const jenkins: ProviderSpec = {
  id: 'jenkins',
  matches: (p) => basename(p) === 'Jenkinsfile' && !p.includes('/'),
  parse: (source) => {
    const code = stripGroovyComments(source);
    const stage = /\bstage\s*\(\s*(['"])(.*?)\1\s*\)/g;
    const marks = [...code.matchAll(stage)];
    const jobs = marks.map((m, i) => {
      const body = code.slice(m.index + m[0].length, marks[i + 1]?.index ?? code.length);
      const shell = [...body.matchAll(/\b(?:sh|bat|powershell)\s*\(?\s*(?:script\s*:\s*)?(['"]{1,3})([\s\S]*?)\1/g)].map((s) => s[2] ?? '');
      const line = code.slice(0, m.index).split('\n').length;
      return job(m[2] ?? '', {
        commands: [m[2] ?? '', ...shell],
        manual: /\binput\s*(\(|\{|message\s*:)/.test(body),
        line,
      });
    });
    return { jobs, error: null, notes: [] };
  },
};

// --- Azure Pipelines ---------------------------------------------------------------------------

function azureSteps(steps: unknown): { commands: string[]; uses: string[]; approval: boolean } {
  const commands: string[] = [];
  const uses: string[] = [];
  let approval = false;
  for (const step of asArray(steps).filter(isRecord)) {
    commands.push(text(step.displayName), text(step.script), text(step.bash), text(step.powershell), text(step.pwsh));
    const task = text(step.task);
    if (task) {
      uses.push(task);
      if (/^ManualValidation@/i.test(task)) approval = true;
      if (isRecord(step.inputs)) commands.push(text(step.inputs.command), text(step.inputs.goals), text(step.inputs.tasks));
    }
  }
  return { commands: commands.filter(Boolean), uses, approval };
}

const azure: ProviderSpec = {
  id: 'azure-pipelines',
  matches: (p) => /^(\.?azure-pipelines\.ya?ml|\.azure-pipelines\/.+\.ya?ml|\.azuredevops\/.+\.ya?ml)$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc) => {
      const stages = doc.stages !== undefined ? asArray(doc.stages).filter(isRecord) : [{ stage: '', jobs: doc.jobs ?? [{ job: 'default', steps: doc.steps }] }];
      return stages.flatMap((stage) => {
        const jobs = asArray(stage.jobs).filter(isRecord).map((j) => {
          const deploySteps = isRecord(j.strategy) ? Object.values(j.strategy).flatMap((s) => (isRecord(s) && isRecord(s.deploy) ? asArray(s.deploy.steps) : [])) : [];
          const found = azureSteps([...asArray(j.steps), ...deploySteps]);
          return {
            approval: found.approval,
            job: job(text(j.displayName) || text(j.job) || text(j.deployment) || text(stage.stage), {
              commands: [text(stage.stage), text(stage.displayName), ...found.commands].filter(Boolean),
              uses: found.uses,
              deployment: j.deployment !== undefined || j.environment !== undefined,
            }),
          };
        });
        const gated = jobs.some((j) => j.approval);
        return jobs.filter((j) => !j.approval || j.job.commands.length > 1).map((j) => ({ ...j.job, manual: gated }));
      });
    }),
};

// --- Travis CI ---------------------------------------------------------------------------------

const travis: ProviderSpec = {
  id: 'travis',
  matches: (p) => p === '.travis.yml' || p === '.travis.yaml',
  parse: (source) =>
    fromYaml(source, (doc) => {
      const phases = ['before_install', 'install', 'before_script', 'script', 'after_success'];
      const include = isRecord(doc.jobs) ? asArray(doc.jobs.include) : asArray(isRecord(doc.matrix) ? doc.matrix.include : undefined);
      const jobs = [doc, ...include.filter(isRecord)].map((j, i) => {
        const commands = phases.flatMap((k) => strings(j[k]));
        // Travis runs the language's default test command (npm test, rake, pytest…) when `script` is absent.
        if (i === 0 && doc.language !== undefined && j.script === undefined) commands.push('default test script');
        return job(text(j.stage) || text(j.name) || (i === 0 ? 'default' : `job ${i}`), { commands: [text(j.stage), ...commands].filter(Boolean) });
      });
      for (const deploy of asArray(doc.deploy).filter(isRecord)) {
        jobs.push(job('deploy', { uses: [text(deploy.provider)], deployment: true }));
      }
      return jobs;
    }),
};

// --- Bitbucket Pipelines -----------------------------------------------------------------------

function bitbucketSteps(items: unknown, manualPipeline: boolean): CiJob[] {
  const out: CiJob[] = [];
  for (const item of asArray(items).filter(isRecord)) {
    if (isRecord(item.step)) {
      const s = item.step;
      const script = asArray(s.script);
      out.push(
        job(text(s.name) || 'step', {
          commands: [text(s.name), ...script.filter((c) => typeof c === 'string')] as string[],
          uses: script.filter(isRecord).map((c) => text(c.pipe)).filter(Boolean),
          deployment: s.deployment !== undefined,
          manual: manualPipeline || s.trigger === 'manual',
        }),
      );
    }
    if (item.parallel !== undefined) {
      const parallel = isRecord(item.parallel) ? item.parallel.steps : item.parallel;
      out.push(...bitbucketSteps(parallel, manualPipeline));
    }
    if (isRecord(item.stage)) {
      const manualStage = manualPipeline || item.stage.trigger === 'manual';
      out.push(...bitbucketSteps(item.stage.steps, manualStage).map((j) => (item.stage && isRecord(item.stage) && item.stage.deployment !== undefined ? { ...j, deployment: true } : j)));
    }
  }
  return out;
}

const bitbucket: ProviderSpec = {
  id: 'bitbucket-pipelines',
  matches: (p) => p === 'bitbucket-pipelines.yml' || p === 'bitbucket-pipelines.yaml',
  parse: (source) =>
    fromYaml(source, (doc) => {
      const pipelines = isRecord(doc.pipelines) ? doc.pipelines : {};
      const jobs = bitbucketSteps(pipelines.default, false);
      for (const group of ['branches', 'tags', 'bookmarks', 'pull-requests']) {
        for (const [, items] of entries(pipelines[group])) jobs.push(...bitbucketSteps(items, false));
      }
      // Custom pipelines run only when someone starts them (or on a schedule set outside the file).
      for (const [, items] of entries(pipelines.custom)) jobs.push(...bitbucketSteps(items, true));
      return jobs;
    }),
};

// --- Buildkite ---------------------------------------------------------------------------------

function buildkiteSteps(steps: unknown, state: { blocked: boolean }): CiJob[] {
  const out: CiJob[] = [];
  for (const step of asArray(steps)) {
    if (step === 'block' || (isRecord(step) && (step.block !== undefined || step.input !== undefined))) {
      state.blocked = true;
      continue;
    }
    if (!isRecord(step)) continue;
    if (step.group !== undefined) {
      out.push(...buildkiteSteps(step.steps, state));
      continue;
    }
    const plugins = asArray(step.plugins).flatMap((p) => (typeof p === 'string' ? [p] : Object.keys(isRecord(p) ? p : {})));
    out.push(
      job(text(step.label) || text(step.name) || text(step.key) || 'step', {
        commands: [text(step.label), ...strings(step.command), ...strings(step.commands)].filter(Boolean),
        uses: [...plugins, text(step.trigger)].filter(Boolean),
        manual: state.blocked,
      }),
    );
  }
  return out;
}

const buildkite: ProviderSpec = {
  id: 'buildkite',
  matches: (p) => /^(\.buildkite\/pipeline(\.[^/]+)?\.(ya?ml|json)|buildkite\.ya?ml|\.buildkite\.ya?ml)$/.test(p),
  parse: (source) => fromYaml(source, (doc) => buildkiteSteps(doc.steps, { blocked: false })),
};

// --- Drone and Woodpecker ----------------------------------------------------------------------

function events(when: unknown): string[] {
  return asArray(when).flatMap((w) => (isRecord(w) ? (isRecord(w.event) ? strings(w.event.include) : strings(w.event)) : []));
}

function containerSteps(steps: unknown, pipelineManual: boolean): CiJob[] {
  const list: Record<string, unknown>[] = Array.isArray(steps) ? steps.filter(isRecord) : entries(steps).map(([name, s]) => ({ name, ...(isRecord(s) ? s : {}) }));
  return list.map((s) => {
    const ev = events(s.when);
    return job(text(s.name) || 'step', {
      commands: [text(s.name), ...strings(s.commands), ...strings(s.entrypoint)].filter(Boolean),
      uses: [text(s.image)].filter(Boolean),
      manual: pipelineManual || (ev.length > 0 && ev.every((e) => e === 'promote' || e === 'manual' || e === 'deployment')),
    });
  });
}

const drone: ProviderSpec = {
  id: 'drone',
  matches: (p) => p === '.drone.yml' || p === '.drone.yaml',
  parse: (source) =>
    fromYaml(source, (doc) => {
      if (doc.kind !== undefined && doc.kind !== 'pipeline') return [];
      const ev = events(doc.trigger);
      // A promotion is started by a person (`drone build promote`).
      return containerSteps(doc.steps, ev.length > 0 && ev.every((e) => e === 'promote'));
    }),
};

const woodpecker: ProviderSpec = {
  id: 'woodpecker',
  matches: (p) => /^(\.woodpecker\.ya?ml|\.woodpecker\/[^/]+\.ya?ml)$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc) => {
      const ev = events(doc.when);
      return containerSteps(doc.steps ?? doc.pipeline, ev.length > 0 && ev.every((e) => e === 'manual' || e === 'deployment'));
    }),
};

// --- Tekton ------------------------------------------------------------------------------------

function tektonTasks(spec: unknown): CiJob[] {
  if (!isRecord(spec)) return [];
  const tasks = [...asArray(spec.tasks), ...asArray(spec.finally)].filter(isRecord);
  const steps = asArray(spec.steps).filter(isRecord);
  const out = tasks.map((t) => {
    const ref = isRecord(t.taskRef) ? t.taskRef : {};
    const inline = isRecord(t.taskSpec) ? asArray(t.taskSpec.steps).filter(isRecord) : [];
    return job(text(t.name), {
      commands: [text(t.name), ...inline.flatMap((s) => [text(s.name), text(s.script), ...strings(s.command), ...strings(s.args)])].filter(Boolean),
      uses: [text(ref.name)].filter(Boolean),
      manual: text(ref.kind) === 'ApprovalTask',
    });
  });
  if (steps.length) {
    out.push(job('steps', { commands: steps.flatMap((s) => [text(s.name), text(s.script), ...strings(s.command), ...strings(s.args)]).filter(Boolean) }));
  }
  return out;
}

const tekton: ProviderSpec = {
  id: 'tekton',
  matches: (p) => /^\.tekton\/.+\.ya?ml$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc) => {
      if (!text(doc.apiVersion).startsWith('tekton.dev/')) return [];
      const spec = isRecord(doc.spec) ? doc.spec : {};
      return tektonTasks(doc.kind === 'PipelineRun' ? spec.pipelineSpec : spec);
    }),
};

// --- AWS CodeBuild and Google Cloud Build ------------------------------------------------------

const codebuild: ProviderSpec = {
  id: 'aws-codebuild',
  matches: (p) => /^buildspec[^/]*\.ya?ml$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc) => {
      const jobs = entries(doc.phases).map(([phase, cfg]) => job(phase, { commands: isRecord(cfg) ? strings(cfg.commands) : [] }));
      if (doc.artifacts !== undefined) jobs.push(job('artifacts', { uses: ['upload-artifact'] }));
      if (doc.reports !== undefined) jobs.push(job('reports', { commands: ['test reports'] }));
      return jobs;
    }),
};

const cloudBuild: ProviderSpec = {
  id: 'google-cloud-build',
  matches: (p) => /^cloudbuild\.(ya?ml|json)$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc) => {
      const jobs = asArray(doc.steps).filter(isRecord).map((s) => {
        const image = text(s.name);
        const tool = image.slice(image.lastIndexOf('/') + 1).split(':')[0] ?? '';
        return job(text(s.id) || image, { commands: [[text(s.entrypoint) || tool, ...strings(s.args)].join(' '), text(s.script)].filter(Boolean), uses: [image] });
      });
      if (doc.images !== undefined || doc.artifacts !== undefined) jobs.push(job('images', { uses: ['upload-artifact'] }));
      return jobs;
    }),
};

// --- TeamCity (Kotlin DSL) ---------------------------------------------------------------------

const teamcity: ProviderSpec = {
  id: 'teamcity',
  matches: (p) => /^\.teamcity\/.+\.kts$/.test(p),
  parse: (source) => {
    const parts = source.split(/\bBuildType\s*\(/).slice(1);
    const jobs = parts.map((body) => {
      const name = /\bname\s*=\s*"([^"]*)"/.exec(body)?.[1] ?? 'build';
      const literals = [...body.matchAll(/(?:scriptContent|goals|tasks|arguments|commandArgs)\s*=\s*("""([\s\S]*?)"""|"([^"]*)")/g)].map((m) => m[2] ?? m[3] ?? '');
      const triggered = /\btriggers\s*\{[\s\S]*?\b(vcs|schedule|finishBuildTrigger|finishBuild)\b/.test(body);
      return job(name, {
        commands: [name, ...literals],
        deployment: /Type\.DEPLOYMENT/.test(body),
        manual: !triggered,
      });
    });
    return { jobs, error: null, notes: [] };
  },
};

export const PROVIDER_SPECS: readonly ProviderSpec[] = [
  githubActions, gitlab, circleci, jenkins, azure, travis, bitbucket, buildkite, drone, woodpecker, tekton, codebuild, cloudBuild, teamcity,
];

export function providerFor(path: string): ProviderSpec | null {
  return PROVIDER_SPECS.find((p) => p.matches(path)) ?? null;
}
