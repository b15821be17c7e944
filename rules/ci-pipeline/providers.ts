import { asArray, basename, isRecord, parseYaml, strings, type ParsedYaml } from '../../src/rule-kit/index.ts';

export const PROVIDERS = [
  'github-actions',
  'gitlab-ci',
  'circleci',
  'jenkins',
  'azure-pipelines',
  'travis',
  'bitbucket-pipelines',
  'buildkite',
  'drone',
  'woodpecker',
  'tekton',
  'aws-codebuild',
  'google-cloud-build',
  'teamcity',
] as const;
export type Provider = (typeof PROVIDERS)[number];

/** One step of a job: a shell script, or a reusable unit (action, orb, pipe, task, image) with its inputs. */
export interface CiStep {
  /** Shell text ('' when the step calls something else). */
  run: string;
  /** The action, orb, pipe, task or image it calls ('' for a plain script). */
  uses: string;
  /** Its inputs (GitHub `with`, Azure `inputs`), as text. */
  with: Record<string, string>;
  /** Environment variables the step sees (workflow, job and step), for resolving `$VERSION`. */
  env: Record<string, string>;
  /** The step's own condition (GitHub `if`). */
  if: string;
  /** Working folder in the repository ('' for the top). */
  cwd: string;
}

/** One unit of work in a pipeline, reduced to what the classifier needs. */
export interface CiJob {
  id: string;
  /** Display name: the configured name, or the id when the name is built from a matrix. */
  name: string;
  steps: CiStep[];
  /**
   * The system's own deployment construct, which exists only to deploy: an Azure `deployment`
   * job, a Travis `deploy` provider, a TeamCity deployment build type. An environment is not one.
   */
  deployment: boolean;
  /** A person must start or approve it (an approval job, `when: manual`, an `input` step …). */
  manual: boolean;
  /** It runs for merge or pull requests only (GitLab rules and `only`). */
  previewOnly: boolean;
  /** GitHub: the events of its workflow (resolved for reusable workflows later); null elsewhere. */
  events: string[] | null;
  /** GitHub: the job's condition. */
  condition: string;
  /** GitHub: the local reusable workflow it calls (a path in the repository), or null. */
  calls: string | null;
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

/** A step with the given fields and empty defaults for the rest. */
export function step(fields: Partial<CiStep>): CiStep {
  return { run: '', uses: '', with: {}, env: {}, if: '', cwd: '', ...fields };
}

/** A job from shell commands and called units, for the systems whose steps carry nothing else. */
function job(name: string, fields: Partial<CiJob> & { commands?: string[]; uses?: string[] } = {}): CiJob {
  const { commands = [], uses = [], steps = [], ...rest } = fields;
  return {
    id: name,
    name,
    steps: [...steps, ...commands.filter(Boolean).map((run) => step({ run })), ...uses.filter(Boolean).map((u) => step({ uses: u }))],
    deployment: false,
    manual: false,
    previewOnly: false,
    events: null,
    condition: '',
    calls: null,
    line: null,
    ...rest,
  };
}

/** Parses YAML and maps each document with `read`; a syntax error becomes the config's error. */
function fromYaml(
  text: string,
  read: (doc: Record<string, unknown>, parsed: ParsedYaml, index: number) => CiJob[] | { jobs: CiJob[]; notes: string[] },
) {
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
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
/** A map of scalars (env, with, variables) as text. */
const textMap = (value: unknown): Record<string, string> => Object.fromEntries(entries(value).map(([k, v]) => [k, text(v)]));

// --- GitHub Actions ---------------------------------------------------------------------------

/**
 * The workflow's events. A pull request event that fires only when the request is closed is
 * named `pull_request:closed`: it runs after a merge, not for a proposed change.
 */
function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return strings(on);
  return entries(on).map(([event, cfg]) => {
    const types = isRecord(cfg) ? strings(cfg.types) : [];
    return /^pull_request/.test(event) && types.length > 0 && types.every((t) => t === 'closed') ? `${event}:closed` : event;
  });
}

const githubActions: ProviderSpec = {
  id: 'github-actions',
  matches: (p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc, parsed) => {
      // YAML 1.1 readers turn the key `on` into true; the yaml package (1.2) keeps "on".
      const on = triggers(doc.on ?? doc.true);
      const workflowEnv = textMap(doc.env);
      const workflowCwd = isRecord(doc.defaults) && isRecord(doc.defaults.run) ? text(doc.defaults.run['working-directory']) : '';
      return entries(doc.jobs).map(([id, value]) => {
        const j = isRecord(value) ? value : {};
        const jobEnv = { ...workflowEnv, ...textMap(j.env) };
        const jobCwd = (isRecord(j.defaults) && isRecord(j.defaults.run) ? text(j.defaults.run['working-directory']) : '') || workflowCwd;
        const reusable = text(j.uses);
        const local = reusable.startsWith('./') ? reusable.slice(2).replace(/@.*$/, '') : null;
        const steps = asArray(j.steps)
          .filter(isRecord)
          .map((s) =>
            step({
              run: text(s.run),
              uses: text(s.uses),
              with: textMap(s.with),
              env: { ...jobEnv, ...textMap(s.env) },
              if: text(s.if),
              cwd: text(s['working-directory']) || jobCwd,
            }),
          );
        if (reusable && !local) steps.push(step({ uses: reusable, with: textMap(j.with), env: jobEnv }));
        const name = text(j.name);
        return job(id, {
          name: name && !name.includes('${{') ? name : id,
          steps,
          events: on,
          condition: text(j.if),
          calls: local,
          line: parsed.locate(['jobs', id], { key: true })?.line ?? null,
        });
      });
    }),
};

// --- GitLab CI ---------------------------------------------------------------------------------

const GITLAB_RESERVED = new Set([
  'stages',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'before_script',
  'after_script',
  'cache',
  'pages:deploy',
]);
const MERGE_REQUEST = /\$CI_PIPELINE_SOURCE\s*==\s*["']merge_request_event["']|\$CI_MERGE_REQUEST_(IID|ID)\b(?!\s*==\s*null)/;

/** A GitLab job that runs for merge requests only: `only: [merge_requests]`, or rules that all ask for one. */
function gitlabPreviewOnly(j: Record<string, unknown>): boolean {
  const only = isRecord(j.only) ? strings(j.only.refs) : strings(j.only);
  if (only.length && only.every((o) => o === 'merge_requests' || o === 'external_pull_requests')) return true;
  const rules = asArray(j.rules).filter(isRecord);
  const running = rules.filter((r) => r.when !== 'never');
  return running.length > 0 && running.every((r) => MERGE_REQUEST.test(text(r.if)));
}

/** The job with what it `extends` from templates in the same file filled in (the job's own keys win). */
function withTemplates(doc: Record<string, unknown>, j: Record<string, unknown>, depth = 0): Record<string, unknown> {
  if (depth > 3) return j;
  let merged: Record<string, unknown> = {};
  for (const name of strings(j.extends)) {
    const template = doc[name];
    if (isRecord(template)) merged = { ...merged, ...withTemplates(doc, template, depth + 1) };
  }
  return { ...merged, ...j };
}

const gitlab: ProviderSpec = {
  id: 'gitlab-ci',
  matches: (p) => p === '.gitlab-ci.yml' || p === '.gitlab-ci.yaml',
  parse: (source) =>
    fromYaml(source, (doc, parsed) => {
      const notes = doc.include !== undefined ? ['includes other files or templates, which are not followed'] : [];
      const globalEnv = textMap(doc.variables);
      const jobs = entries(doc)
        .filter(([key, value]) => !GITLAB_RESERVED.has(key) && !key.startsWith('.') && isRecord(value))
        .map(([key, value]) => {
          const j = withTemplates(doc, value as Record<string, unknown>);
          const rules = asArray(j.rules).filter(isRecord);
          const env = { ...globalEnv, ...textMap(j.variables) };
          return job(key, {
            steps: [...strings(j.before_script), ...strings(j.script), ...strings(j.after_script)].map((run) => step({ run, env })),
            uses: [text(isRecord(j.image) ? j.image.name : j.image)],
            manual: j.when === 'manual' || rules.some((r) => r.when === 'manual'),
            previewOnly: gitlabPreviewOnly(j),
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
            if (key === 'run') commands.push(...(isRecord(cfg) ? [text(cfg.command)] : strings(cfg)));
            else if (key.includes('/')) uses.push(key);
            // Stored artifacts and workspaces can be anything (coverage, caches): not a build by themselves.
            else if (key === 'store_test_results') uses.push('circleci:store_test_results');
          }
        }
        return job(id, {
          commands: commands.filter(Boolean),
          uses,
          manual: manualJobs.has(id),
          line: parsed.locate(['jobs', id], { key: true })?.line ?? null,
        });
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
        commands: shell,
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
    commands.push(text(step.script), text(step.bash), text(step.powershell), text(step.pwsh));
    const task = text(step.task);
    if (task) {
      uses.push(task);
      if (/^ManualValidation@/i.test(task)) approval = true;
      const inputs = isRecord(step.inputs) ? step.inputs : {};
      // The build tasks run a tool with a command, goals or tasks: read them as that tool's command line.
      const tool = /^(DotNetCoreCLI|Maven|Gradle|Npm|Docker|Kubernetes|HelmDeploy|TerraformTask\w*)@/i.exec(task)?.[1]?.toLowerCase();
      const verb = text(inputs.command) || text(inputs.goals) || text(inputs.tasks) || text(inputs.customCommand);
      if (tool && verb) {
        const program =
          tool === 'dotnetcorecli'
            ? 'dotnet'
            : tool === 'maven'
              ? 'mvn'
              : tool === 'kubernetes'
                ? 'kubectl'
                : tool === 'helmdeploy'
                  ? 'helm'
                  : tool.startsWith('terraformtask')
                    ? 'terraform'
                    : tool;
        commands.push(`${program} ${verb === 'buildAndPush' ? 'build --push .' : verb}`);
      }
      for (const key of ['script', 'inlineScript', 'arguments'])
        if (typeof inputs[key] === 'string' && !tool) commands.push(inputs[key] as string);
    }
  }
  return { commands: commands.filter(Boolean), uses, approval };
}

const azure: ProviderSpec = {
  id: 'azure-pipelines',
  matches: (p) => /^(\.?azure-pipelines\.ya?ml|\.azure-pipelines\/.+\.ya?ml|\.azuredevops\/.+\.ya?ml)$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc) => {
      const stages =
        doc.stages !== undefined
          ? asArray(doc.stages).filter(isRecord)
          : [{ stage: '', jobs: doc.jobs ?? [{ job: 'default', steps: doc.steps }] }];
      return stages.flatMap((stage) => {
        const jobs = asArray(stage.jobs)
          .filter(isRecord)
          .map((j) => {
            const deploySteps = isRecord(j.strategy)
              ? Object.values(j.strategy).flatMap((s) => (isRecord(s) && isRecord(s.deploy) ? asArray(s.deploy.steps) : []))
              : [];
            const found = azureSteps([...asArray(j.steps), ...deploySteps]);
            return {
              approval: found.approval,
              job: job(text(j.displayName) || text(j.job) || text(j.deployment) || text(stage.stage), {
                commands: found.commands,
                uses: found.uses,
                deployment: j.deployment !== undefined || j.environment !== undefined,
              }),
            };
          });
        const gated = jobs.some((j) => j.approval);
        return jobs.filter((j) => !j.approval || j.job.steps.length > 1).map((j) => ({ ...j.job, manual: gated }));
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
        const uses = i === 0 && doc.language !== undefined && j.script === undefined ? ['travis:default-test-script'] : [];
        return job(text(j.name) || text(j.stage) || (i === 0 ? 'default' : `job ${i}`), { commands, uses });
      });
      for (const deploy of asArray(doc.deploy).filter(isRecord)) {
        jobs.push(job('deploy', { uses: [`travis-deploy:${text(deploy.provider)}`], deployment: true }));
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
          commands: script.filter((c) => typeof c === 'string') as string[],
          uses: script
            .filter(isRecord)
            .map((c) => text(c.pipe))
            .filter(Boolean),
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
      out.push(...bitbucketSteps(item.stage.steps, manualStage));
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
        commands: [...strings(step.command), ...strings(step.commands)],
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
  const list: Record<string, unknown>[] = Array.isArray(steps)
    ? steps.filter(isRecord)
    : entries(steps).map(([name, s]) => ({ name, ...(isRecord(s) ? s : {}) }));
  return list.map((s) => {
    const ev = events(s.when);
    return job(text(s.name) || 'step', {
      commands: [...strings(s.commands), ...strings(s.entrypoint)],
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
      commands: [
        ...inline.flatMap((s) => [text(s.script), [...strings(s.command), ...strings(s.args)].join(' ')]),
        // Catalog tasks take their command line as a parameter (kubernetes-actions' `script`).
        ...asArray(t.params)
          .filter(isRecord)
          .filter((p) => /^(script|args|command|commands)$/i.test(text(p.name)))
          .flatMap((p) => strings(p.value)),
      ],
      uses: [text(ref.name)].filter(Boolean),
      manual: text(ref.kind) === 'ApprovalTask',
    });
  });
  if (steps.length) {
    out.push(job('steps', { commands: steps.flatMap((s) => [text(s.script), [...strings(s.command), ...strings(s.args)].join(' ')]) }));
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
      // `artifacts` names output files, which can be anything: not a build by itself.
      if (doc.reports !== undefined) jobs.push(job('reports', { uses: ['codebuild:reports'] }));
      return jobs;
    }),
};

const cloudBuild: ProviderSpec = {
  id: 'google-cloud-build',
  matches: (p) => /^cloudbuild\.(ya?ml|json)$/.test(p),
  parse: (source) =>
    fromYaml(source, (doc) => {
      const jobs = asArray(doc.steps)
        .filter(isRecord)
        .map((s) => {
          const image = text(s.name);
          const tool = image.slice(image.lastIndexOf('/') + 1).split(':')[0] ?? '';
          return job(text(s.id) || image, {
            commands: [[text(s.entrypoint) || tool, ...strings(s.args)].join(' '), text(s.script)].filter(Boolean),
            uses: [image],
          });
        });
      // Images listed under `images` are pushed to the registry once the steps pass.
      if (doc.images !== undefined) jobs.push(job('images', { uses: ['cloudbuild:images'] }));
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
      // Gradle runners name tasks and Maven runners goals: read them as those tools' command lines.
      const literals = [...body.matchAll(/(scriptContent|goals|tasks|arguments|commandArgs)\s*=\s*("""([\s\S]*?)"""|"([^"]*)")/g)].map(
        (m) => {
          const value = m[3] ?? m[4] ?? '';
          return m[1] === 'tasks' ? `gradle ${value}` : m[1] === 'goals' ? `mvn ${value}` : value;
        },
      );
      const triggered = /\btriggers\s*\{[\s\S]*?\b(vcs|schedule|finishBuildTrigger|finishBuild)\b/.test(body);
      return job(name, {
        commands: literals,
        deployment: /Type\.DEPLOYMENT/.test(body),
        manual: !triggered,
      });
    });
    return { jobs, error: null, notes: [] };
  },
};

export const PROVIDER_SPECS: readonly ProviderSpec[] = [
  githubActions,
  gitlab,
  circleci,
  jenkins,
  azure,
  travis,
  bitbucket,
  buildkite,
  drone,
  woodpecker,
  tekton,
  codebuild,
  cloudBuild,
  teamcity,
];

export function providerFor(path: string): ProviderSpec | null {
  return PROVIDER_SPECS.find((p) => p.matches(path)) ?? null;
}
