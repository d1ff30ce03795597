import { getDataType } from '@medplum/core';
import { XMLParser } from 'fast-xml-parser';
import { loadBaseR4 } from './uk-core';

/**
 * FHIR XML to FHIR JSON, for using the published NHS UK Core examples (XML) as import test inputs. The
 * conversion follows the FHIR rules (hl7.org/fhir/R4/json.html): primitives from their `value` attribute,
 * arrays where the element repeats in the base definition (read from Medplum's R4 type schema), choice
 * elements keep their typed names, resources inside resources carry `resourceType`. The narrative `text`
 * (XHTML) is dropped. Tests only.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  removeNSPrefix: true,
});

const NUMERIC = new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal']);
type XmlNode = Record<string, unknown>;

function typeOf(parentType: string, key: string): { type: string; isArray: boolean } | null {
  const elements = getDataType(parentType)?.elements ?? {};
  const direct = elements[key];
  if (direct) return { type: direct.type[0]!.code, isArray: direct.isArray ?? false };
  for (const [name, el] of Object.entries(elements)) {
    if (!name.endsWith('[x]')) continue;
    const base = name.slice(0, -3);
    if (!key.startsWith(base)) continue;
    const suffix = key.slice(base.length);
    const t = el.type.find((x) => x.code.toLowerCase() === suffix.toLowerCase());
    if (t) return { type: t.code, isArray: false };
  }
  return null;
}

function convert(node: XmlNode, type: string): unknown {
  if (type === 'Resource' || type === 'DomainResource') {
    const [resourceType] = Object.keys(node).filter((k) => !k.startsWith('@'));
    return resourceOf(resourceType!, (node[resourceType!] as XmlNode[])[0]!);
  }
  const first = type.charAt(0);
  if (first === first.toLowerCase() && type !== 'xhtml') {
    const raw = node['@value'] as string | undefined;
    if (raw === undefined) return undefined;
    if (type === 'boolean') return raw === 'true';
    if (NUMERIC.has(type)) return Number(raw);
    return raw;
  }
  const out: Record<string, unknown> = {};
  if (node['@id']) out.id = node['@id'];
  if (node['@url']) out.url = node['@url'];
  for (const [key, value] of Object.entries(node)) {
    if (
      key.startsWith('@') ||
      (key === 'text' && type !== 'Narrative' && typeOf(type, key)?.type === 'Narrative')
    )
      continue;
    const t = typeOf(type, key);
    if (!t) throw new Error(`No element ${key} in ${type}`);
    const items = (value as XmlNode[]).map((v) => convert(v, t.type)).filter((v) => v !== undefined);
    if (items.length) out[key] = t.isArray ? items : items[0];
  }
  return out;
}

function resourceOf(resourceType: string, node: XmlNode): Record<string, unknown> {
  return { resourceType, ...(convert(node, resourceType) as Record<string, unknown>) };
}

export function fhirXmlToJson(xml: string): Record<string, unknown> {
  loadBaseR4();
  const doc = parser.parse(xml) as Record<string, XmlNode[]>;
  const [root] = Object.keys(doc).filter((k) => !k.startsWith('?'));
  return resourceOf(root!, doc[root!]![0]!);
}
