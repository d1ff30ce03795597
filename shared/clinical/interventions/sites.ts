/**
 * Structured procedure sites (issue 14): region, levels and side, so that prerequisites and repeat
 * intervals compare what was actually treated rather than two pieces of free text.
 *
 * - A bilateral procedure covers both sides: a bilateral medial branch block serves a right-sided RF
 *   (prerequisite), and a right-sided RF after a bilateral RF at the same level is a repeat.
 * - Levels are spinal segments written 'L4-L5' (a joint or interspace) or a single level 'S1'. A range
 *   such as 'L3-L5' is the two segments 'L3-L4' and 'L4-L5'. No levels means the whole region (a knee, a
 *   caudal epidural): it overlaps any levels in the same region.
 * - Free text that cannot be read as a region (and levels) gives `null`: the request is flagged "site not
 *   structured" and the old comparison of the written site is kept until a clinician structures it.
 *
 * Pure: no I/O, no clock.
 */

export const SITE_REGIONS = [
  'cervical',
  'thoracic',
  'lumbar',
  'sacral',
  'sacroiliac',
  'knee',
  'hip',
  'shoulder',
  'head-neck',
  'peripheral',
  'systemic',
] as const;
export type SiteRegion = (typeof SITE_REGIONS)[number];

export const SITE_REGION_LABELS: Record<SiteRegion, string> = {
  cervical: 'Cervical spine',
  thoracic: 'Thoracic spine',
  lumbar: 'Lumbar spine',
  sacral: 'Sacral / caudal',
  sacroiliac: 'Sacroiliac joint',
  knee: 'Knee',
  hip: 'Hip',
  shoulder: 'Shoulder',
  'head-neck': 'Head and neck',
  peripheral: 'Peripheral / soft tissue',
  systemic: 'Systemic (infusion)',
};

/** Side of a structured site (the request's side field). */
export type SiteSide = 'left' | 'right' | 'bilateral' | 'midline' | 'not-applicable';

export interface StructuredSite {
  region: SiteRegion;
  /** Normalised spinal segments ('L4-L5') or single levels ('S1'); empty = the whole region. */
  levels: string[];
  side: SiteSide;
}

/** A planned or recorded site: the words written plus the structure, when it could be read. */
export interface SiteRef {
  text: string;
  structured: StructuredSite | null;
}

/** Vertebral levels in order, for ranges ('L3-L5' → L3-L4, L4-L5). */
const SPINE: readonly string[] = [
  ...Array.from({ length: 7 }, (_, i) => `C${i + 1}`),
  ...Array.from({ length: 12 }, (_, i) => `T${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `L${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `S${i + 1}`),
];

const REGION_OF_LETTER: Record<string, SiteRegion> = {
  C: 'cervical',
  T: 'thoracic',
  L: 'lumbar',
  S: 'sacral',
};

const LEVEL_RE = /\b([CTLS])\s?(\d{1,2})(?:\s*(?:-|–|\/|to)\s*([CTLS])?\s?(\d{1,2}))?\b/gi;

/**
 * Normalised segments for written levels: 'L4-5' → ['L4-L5'], 'L4/5 and L5/S1' → ['L4-L5', 'L5-S1'],
 * 'L3-L5' → ['L3-L4', 'L4-L5'], 'S1' → ['S1']. Returns null when a level does not exist (e.g. 'L7').
 */
export function parseLevels(text: string): string[] | null {
  const out: string[] = [];
  for (const m of text.matchAll(LEVEL_RE)) {
    const fromLetter = m[1]!.toUpperCase();
    const from = `${fromLetter}${Number(m[2])}`;
    const fromIndex = SPINE.indexOf(from);
    if (fromIndex < 0) return null;
    if (m[4] === undefined) {
      out.push(from);
      continue;
    }
    const to = `${(m[3] ?? fromLetter).toUpperCase()}${Number(m[4])}`;
    const toIndex = SPINE.indexOf(to);
    if (toIndex <= fromIndex) return null;
    for (let i = fromIndex; i < toIndex; i++) out.push(`${SPINE[i]}-${SPINE[i + 1]}`);
  }
  return [...new Set(out)];
}

const KEYWORDS: readonly [RegExp, SiteRegion][] = [
  [/\b(sacroiliac|sij|si joint|sacral lateral branch)/i, 'sacroiliac'],
  [/\b(knee|genicular)/i, 'knee'],
  [/\b(shoulder|suprascapular)/i, 'shoulder'],
  [/\bhip\b/i, 'hip'],
  [/\b(caudal|sacral hiatus|coccyx|impar)/i, 'sacral'],
  [/\b(stellate|occipital|sphenopalatine|trigeminal|migraine|head)/i, 'head-neck'],
  [/\b(cervical|neck)\b/i, 'cervical'],
  [/\bthoracic\b/i, 'thoracic'],
  [/\b(lumbar|lumbosacral|low back)\b/i, 'lumbar'],
  [/\b(trigger point|muscle|soft tissue|peripheral)/i, 'peripheral'],
  [/\b(intravenous|infusion|iv)\b/i, 'systemic'],
];

/**
 * Reads a written site ('L4-5', 'right knee', 'L4/5 and L5/S1 facets') with the request's side into a
 * structured site, or null when no region can be read (the site is then "not structured").
 */
export function parseSite(text: string, side: SiteSide): StructuredSite | null {
  const levels = parseLevels(text);
  if (levels === null) return null;
  for (const [re, region] of KEYWORDS) {
    // A keyword region wins for non-spinal sites; spinal keywords only when no level is written.
    if (re.test(text) && (levels.length === 0 || !['cervical', 'thoracic', 'lumbar'].includes(region)))
      return {
        region,
        levels: region === 'knee' || region === 'shoulder' || region === 'hip' ? [] : levels,
        side,
      };
  }
  if (levels.length === 0) return null;
  // The region of the first (upper) level: 'L5-S1' is lumbar (lumbosacral).
  const region = REGION_OF_LETTER[levels[0]![0]!]!;
  return { region, levels, side };
}

/** A site built from structured fields (region and written levels), or null when the levels are invalid. */
export function structuredSite(region: SiteRegion, levels: string, side: SiteSide): StructuredSite | null {
  const parsed = parseLevels(levels);
  if (parsed === null) return null;
  return { region, levels: parsed, side };
}

function sidesOverlap(a: SiteSide, b: SiteSide): boolean {
  if (a === b) return true;
  // Bilateral covers left and right; midline and not-applicable are not lateralised.
  return (
    a === 'bilateral' ||
    b === 'bilateral' ||
    a === 'midline' ||
    b === 'midline' ||
    a === 'not-applicable' ||
    b === 'not-applicable'
  );
}

/** The sides of `earlier` include every side of `planned` (bilateral covers left, right and bilateral). */
function sideCovers(earlier: SiteSide, planned: SiteSide): boolean {
  if (earlier === planned) return true;
  if (earlier === 'bilateral') return true;
  return (
    earlier === 'not-applicable' ||
    earlier === 'midline' ||
    planned === 'not-applicable' ||
    planned === 'midline'
  );
}

/** Same region, some level in common (or no levels on one side), and a side in common: a repeat. */
export function sitesOverlap(a: StructuredSite, b: StructuredSite): boolean {
  if (a.region !== b.region) return false;
  if (!sidesOverlap(a.side, b.side)) return false;
  if (a.levels.length === 0 || b.levels.length === 0) return true;
  return a.levels.some((l) => b.levels.includes(l));
}

/**
 * The earlier procedure covers the planned one: same region, every planned level done earlier (or the
 * earlier one had no levels: the whole region), and every planned side (a bilateral block serves a
 * right-sided RF; a right-sided block does not serve a bilateral RF).
 */
export function siteCovers(earlier: StructuredSite, planned: StructuredSite): boolean {
  if (earlier.region !== planned.region) return false;
  if (!sideCovers(earlier.side, planned.side)) return false;
  if (earlier.levels.length === 0) return true;
  return planned.levels.every((l) => earlier.levels.includes(l));
}

/** 'Lumbar spine L4-L5, L5-S1, bilateral'. */
export function describeSite(site: StructuredSite): string {
  const parts = [SITE_REGION_LABELS[site.region]];
  if (site.levels.length > 0) parts.push(site.levels.join(', '));
  if (site.side !== 'not-applicable') parts.push(site.side);
  return parts.join(' ');
}
