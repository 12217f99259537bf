import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import {
  composeFile,
  k8sDocuments,
  packageSources,
  repository,
  runtimeStageInstructions,
} from './deploy-sources.js';

type Model = new (object: never) => { validate(): void };
const models: Record<string, Model> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/Ingress': Ingress,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'batch/v1/CronJob': CronJob,
};

const documents = k8sDocuments().filter(({ object }) => object.kind !== 'Kustomization');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field below
const byKind = (kind: string) => documents.find(({ object }) => object.kind === kind)!.object as any;

interface Container {
  args?: string[];
  command?: string[];
  env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
}
const deploymentPod = () => byKind('Deployment').spec.template.spec;
const cronJobPod = () => byKind('CronJob').spec.jobTemplate.spec.template.spec;
const containers = (): Container[] => [...deploymentPod().containers, ...cronJobPod().containers];

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('has every kind a deployment needs, each valid against the Kubernetes schema', () => {
    expect(documents.map(({ object }) => object.kind).sort()).toEqual([
      'ConfigMap',
      'CronJob',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'PersistentVolumeClaim',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
    for (const { file, object } of documents) {
      const Model = models[`${String(object.apiVersion)}/${String(object.kind)}`];
      expect(
        Model,
        `${file}: no schema for ${String(object.apiVersion)} ${String(object.kind)}`,
      ).toBeDefined();
      expect(() => new Model!(object as never).validate(), file).not.toThrow();
    }
  });

  it('would catch a manifest that breaks the schema', () => {
    const broken = structuredClone(byKind('Deployment'));
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken).validate()).toThrow(/replicas/);
  });

  it('runs stateless, non-root replicas with a read-only root, probed on /livez and /readyz', () => {
    const pod = deploymentPod();
    const [container] = pod.containers as Container[];
    expect(container!.args).toEqual(
      expect.arrayContaining(['serve', '--http', '--stateless', '--host', '0.0.0.0']),
    );
    expect(container!.livenessProbe?.httpGet?.path).toBe('/livez');
    expect(container!.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container!.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    const tmp = container!.volumeMounts!.find((mount) => mount.mountPath === '/tmp')!;
    expect(pod.volumes.find((volume: { name: string }) => volume.name === tmp.name).emptyDir).toBeDefined();
    expect(
      container!.env!.find((variable) => variable.name === 'EXAI_STORE')?.valueFrom?.secretKeyRef,
    ).toEqual({
      name: 'exai-secrets',
      key: 'EXAI_STORE',
    });
    // The HPA, PDB and Service point at this Deployment's pods.
    expect(byKind('HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe(
      byKind('Deployment').metadata.name,
    );
    expect(byKind('PodDisruptionBudget').spec.selector.matchLabels).toEqual(
      byKind('Deployment').spec.selector.matchLabels,
    );
    expect(byKind('Service').spec.selector).toEqual(byKind('Deployment').spec.selector.matchLabels);
  });

  it('refers only to Secret and ConfigMap keys that exist', () => {
    const secret = byKind('Secret');
    const configMap = byKind('ConfigMap');
    for (const container of containers()) {
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref === undefined) continue;
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(secret.stringData)).toContain(ref.key);
      }
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef) expect(source.configMapRef.name).toBe(configMap.metadata.name);
        if (source.secretRef) expect(source.secretRef.name).toBe(secret.metadata.name);
      }
    }
  });
});

/** Every environment variable the image, compose file and manifests give exai, by where it is set. */
function deploymentEnvironment(): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of runtimeStageInstructions()) {
    const match = /^ENV\s+(.*)$/i.exec(line);
    for (const pair of match?.[1]!.split(/\s+/) ?? []) names.set(pair.split('=')[0]!, 'Dockerfile');
  }
  const services = composeFile().services as Record<
    string,
    { image?: string; build?: unknown; environment?: object }
  >;
  for (const [name, service] of Object.entries(services)) {
    const isExai = service.build !== undefined || service.image === (services.exai?.image ?? '');
    if (isExai)
      for (const key of Object.keys(service.environment ?? {}))
        names.set(key, `docker-compose.yml (${name})`);
  }
  for (const key of Object.keys(byKind('ConfigMap').data)) names.set(key, 'deploy/k8s/configmap.yaml');
  for (const key of Object.keys(byKind('Secret').stringData)) names.set(key, 'deploy/k8s/secret.yaml');
  for (const container of containers()) {
    for (const variable of container.env ?? []) names.set(variable.name, 'deploy/k8s');
  }
  return names;
}

/** The argument lists exai is started with: the image's, compose's and the manifests'. */
function deploymentCommands(): Array<{ where: string; args: string[] }> {
  const json = (keyword: string) => {
    const line = runtimeStageInstructions().find((instruction) => instruction.startsWith(`${keyword} `))!;
    return JSON.parse(line.slice(keyword.length + 1)) as string[];
  };
  const services = composeFile().services as Record<string, { image?: string; command?: string[] }>;
  return [
    { where: 'Dockerfile CMD', args: json('CMD') },
    ...Object.entries(services)
      .filter(([, service]) => service.image === services.exai!.image)
      .map(([name, service]) => ({ where: `docker-compose.yml (${name})`, args: service.command! })),
    { where: 'deploy/k8s/deployment.yaml', args: deploymentPod().containers[0].args },
    { where: 'deploy/k8s/backup-cronjob.yaml', args: cronJobPod().containers[0].args },
  ];
}

const helps = new Map<string, string>();

/** `exai COMMAND --help` from the built CLI (commander prints a subcommand's help itself). */
function helpOf(command: string): string {
  const cached = helps.get(command);
  if (cached !== undefined) return cached;
  const bin = join(repository, 'packages', 'cli', 'bin', 'exai.js');
  if (!existsSync(join(repository, 'packages', 'cli', 'dist', 'cli.js'))) {
    throw new Error('packages/cli/dist is missing: run `npm run build` before these tests.');
  }
  return spawnSync(process.execPath, [bin, command, '--help'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  }).stdout;
}

describe('the deployment files match the code', () => {
  it('set only environment variables exai reads', () => {
    const sources = packageSources();
    const environment = deploymentEnvironment();
    expect([...environment.keys()]).toEqual(expect.arrayContaining(['EXAI_STORE', 'KIMI_API_KEY']));
    const unread = [...environment]
      .filter(([name]) => !sources.includes(name))
      .map(([name, where]) => `${name} (${where})`);
    expect(unread).toEqual([]);
    // The check itself can fail: a name no source mentions is reported.
    expect(sources.includes('EXAI_NOT_A_SETTING')).toBe(false);
  });

  it('start exai with commands and flags that exist', () => {
    const entrypoint = runtimeStageInstructions().find((line) => line.startsWith('ENTRYPOINT '))!;
    const script = (JSON.parse(entrypoint.slice('ENTRYPOINT '.length)) as string[]).find((arg) =>
      arg.endsWith('exai.js'),
    )!;
    expect(existsSync(join(repository, script.replace(/^\/app\//, '')))).toBe(true);
    for (const { where, args } of deploymentCommands()) {
      const help = helpOf(args[0]!);
      expect(help, `${where}: exai ${args[0]} is not a command`).toContain(`Usage: exai ${args[0]}`);
      for (const flag of args.filter((arg) => arg.startsWith('--'))) {
        expect(help, `${where}: exai ${args[0]} has no ${flag}`).toMatch(
          new RegExp(`(^|[\\s,])${flag}[\\s<]`, 'm'),
        );
      }
    }
    expect(helpOf('serve')).not.toMatch(/(^|[\s,])--no-such-flag[\s<]/m);
  }, 60_000);
});
