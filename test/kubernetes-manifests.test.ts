// deploy/kubernetes: every manifest listed by the kustomization, every object valid against the
// Kubernetes API schemas (kubernetes-models), and the Deployment agreeing with the facade itself —
// its probes on the facade's health routes, its ports those its variables open, every variable one
// the configuration schema declares, secrets only by reference, and its whole environment passing
// the facade's own start-up check (with the Secrets and volumes it mounts stood in for).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { parseRegister } from '../rules/verwerkingsregister.ts';
import { parsePolicy } from '../rules/policy.ts';
import { configurationProblems, VARIABLE_GROUPS } from '../src/pipeline/configuration.ts';
import { CONFIGMAP_FILE, CONFIGMAP_SOURCES, renderConfigMap } from '../scripts/kubernetes-config.ts';

const DIR = 'deploy/kubernetes';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The model class of each kind the manifests may hold, by apiVersion/kind. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

function validate(object: Json): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema known for ${object.apiVersion} ${object.kind}`);
  new Model(object as never).validate();
}

const kustomization = parseAllDocuments(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'))[0].toJS() as Json;
const objects: Array<{ file: string; object: Json }> = (kustomization.resources as string[]).flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    return { file, object: doc.toJS() as Json };
  }),
);
const only = (kind: string): Json => {
  const found = objects.filter((o) => o.object.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0].object;
};

const deployment = only('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const env = new Map<string, Json>((container.env as Json[]).map((e) => [e.name, e]));
const value = (name: string): string | undefined => env.get(name)?.value;
const containerPort = (name: string): number => (container.ports as Json[]).find((p) => p.name === name)?.containerPort;

describe('deploy/kubernetes', () => {
  it('the kustomization lists every manifest in the folder, and each exists', () => {
    expect(kustomization).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
    const manifests = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();
    expect([...kustomization.resources].sort()).toEqual(manifests);
    // The image the Deployment names is the one the kustomization sets.
    expect(kustomization.images.map((i: Json) => i.name)).toContain(container.image);
  });

  it('every object is valid against the Kubernetes API schemas', () => {
    expect(objects.length).toBeGreaterThanOrEqual(8);
    for (const { file, object } of objects) expect(() => validate(object), `${file}: ${object.kind}`).not.toThrow();
  });

  it('the validation is live: a broken object is refused', () => {
    const broken = structuredClone(deployment);
    broken.spec.replicas = 'two';
    expect(() => validate(broken)).toThrow(/replicas must be integer/);
    const noContainers = structuredClone(deployment);
    delete noContainers.spec.template.spec.containers;
    expect(() => validate(noContainers)).toThrow(/containers/);
  });

  it('runs at least two replicas, non-root and read-only, each with its own protocol chain', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(env.get('INSTANCE_ID')).toEqual({ name: 'INSTANCE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(value('NODE_ENV')).toBe('production');
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    // The kubelet waits for the drain: grace period + time for requests in flight.
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(value('SHUTDOWN_GRACE_MS')) + Number(value('SHUTDOWN_TIMEOUT_MS')));
  });

  it('probes the facade\'s health routes on the port PORT opens; metrics on the port METRICS_PORT opens', () => {
    expect(containerPort('http')).toBe(Number(value('PORT')));
    expect(containerPort('metrics')).toBe(Number(value('METRICS_PORT')));
    expect(containerPort('http')).not.toBe(containerPort('metrics'));
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    // The public port and the metrics port on Services of their own: a route to one never reaches the other.
    const services = objects.filter((o) => o.object.kind === 'Service').map((o) => o.object);
    expect(services.map((s) => s.spec.ports.map((p: Json) => p.targetPort))).toEqual([['http'], ['metrics']]);
    for (const service of services) {
      expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
      for (const port of service.spec.ports) expect((container.ports as Json[]).map((p) => p.name)).toContain(port.targetPort);
    }
  });

  it('sets only declared variables, secrets only by reference to a Secret', () => {
    const declared = new Map(VARIABLE_GROUPS.flatMap((g) => Object.entries(g.variables)));
    for (const [name, entry] of env) {
      expect(declared.has(name), `${name} is declared in the configuration schema`).toBe(true);
      if (declared.get(name)!.secret) expect(entry.valueFrom?.secretKeyRef, `${name} comes from a Secret`).toBeDefined();
    }
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PROTOCOL_SUBJECT_KEYS']) expect(env.get(name)?.valueFrom?.secretKeyRef, name).toBeDefined();
    // Every variable production requires is set.
    for (const [name, variable] of declared) if (variable.requiredIn === 'production' || variable.requiredIn === 'both') expect(env.has(name), name).toBe(true);
  });

  it('carries the policy, the verwerkingsregister and the Edu-V seed in its ConfigMap, current and loadable, mounted where POLICY_FILE points', () => {
    expect(readFileSync(CONFIGMAP_FILE, 'utf8')).toBe(renderConfigMap());
    const configMap = only('ConfigMap');
    expect(Object.keys(configMap.data).sort()).toEqual(Object.keys(CONFIGMAP_SOURCES).sort());
    expect(parsePolicy(configMap.data['policy.yaml']).purposes.size).toBeGreaterThan(0);
    const volume = (pod.volumes as Json[]).find((v) => v.configMap?.name === configMap.metadata.name)!;
    const mount = (container.volumeMounts as Json[]).find((m) => m.name === volume.name)!;
    expect(value('POLICY_FILE')).toBe(`${mount.mountPath}/policy.yaml`);
    expect(parseRegister(configMap.data['verwerkingsregister.yaml']).activities.size).toBeGreaterThan(0);
    expect(value('VERWERKINGSREGISTER_FILE')).toBe(`${mount.mountPath}/verwerkingsregister.yaml`);
  });

  describe('the environment passes the facade\'s start-up check', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'facade-k8s-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('with the Secrets and volumes stood in for: no problem', () => {
      // What each mounted volume holds, written under a temporary root.
      const mounts = new Map<string, string>();
      for (const mount of container.volumeMounts as Json[]) {
        const local = path.join(root, mount.name);
        mkdirSync(local, { recursive: true });
        mounts.set(mount.mountPath, local);
        const volume = (pod.volumes as Json[]).find((v) => v.name === mount.name)!;
        if (volume.configMap) for (const [key, text] of Object.entries(only('ConfigMap').data)) writeFileSync(path.join(local, key), text as string);
      }
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(path.join(mounts.get('/etc/facade/protocol-keys')!, 'signing-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(path.join(mounts.get('/etc/facade/brp-tls')!, 'tls.crt'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
      writeFileSync(path.join(mounts.get('/etc/facade/brp-tls')!, 'tls.key'), '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n');
      const fromSecret: Record<string, string> = {
        DATABASE_URL: 'postgres://facade@postgresql:5432/facade',
        REDIS_URL: 'redis://redis:6379',
        PROTOCOL_SUBJECT_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      };
      const local = (text: string) => {
        for (const [mountPath, dir] of mounts) if (text.startsWith(`${mountPath}/`) || text === mountPath) return dir + text.slice(mountPath.length);
        return text;
      };
      const resolved: Record<string, string> = {};
      for (const [name, entry] of env) {
        if (entry.value !== undefined) resolved[name] = local(String(entry.value));
        else if (entry.valueFrom?.fieldRef) resolved[name] = 'brp-eduv-facade-7d9f8-abcde';
        else if (entry.valueFrom?.secretKeyRef) resolved[name] = fromSecret[name] ?? expect.unreachable(`no stand-in for the Secret behind ${name}`);
      }
      expect(configurationProblems(resolved)).toEqual([]);
      // And the check is live: without the Secrets, it names them.
      const { DATABASE_URL: _db, PROTOCOL_SUBJECT_KEYS: _keys, ...withoutSecrets } = resolved;
      expect(configurationProblems(withoutSecrets).join('\n')).toMatch(/PROTOCOL_SUBJECT_KEYS/);
    });
  });

  it('keeps two replicas through disruptions and scaling, on the same pods', () => {
    const labels = deployment.spec.template.metadata.labels;
    const pdb = only('PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    const hpa = only('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('lets in only the gateway and Prometheus, and out only to what the facade calls', () => {
    const policy = only('NetworkPolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ingress = policy.spec.ingress as Json[];
    // No rule without a source (that would be everyone), and only the two named ports.
    for (const rule of ingress) expect(rule.from?.length, 'an ingress rule names its source').toBeGreaterThan(0);
    expect(ingress.flatMap((r) => r.ports.map((p: Json) => p.port)).sort()).toEqual(['http', 'metrics']);
    const egressPorts = (policy.spec.egress as Json[]).flatMap((r) => {
      expect(r.to?.length, 'an egress rule names its destination').toBeGreaterThan(0);
      return r.ports.map((p: Json) => p.port);
    });
    const otlp = Number(new URL(value('OTEL_EXPORTER_OTLP_ENDPOINT')!).port);
    expect(new Set(egressPorts)).toEqual(new Set([53, 443, 5432, 6379, otlp]));
  });
});
