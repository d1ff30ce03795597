/**
 * Procedure history in words (issue 14): the site with its side and levels, and the outcome at follow-up
 * with its relief, how long it lasted (weeks, or hours for a diagnostic block), the date it was assessed
 * and the patient global impression of change. Pure: no clock, no database.
 */
import { formatDateGb } from '../../dates';
import { plural } from '../../plural';
import { describeSite, type SiteRegion, type SiteSide } from './sites';

/** PGIC (patient global impression of change), 1 to 7, in the words of the scale (Guy 1976). */
export const PGIC_WORDS = [
  'very much improved',
  'much improved',
  'minimally improved',
  'no change',
  'minimally worse',
  'much worse',
  'very much worse',
] as const;

const SIDE_WORDS: Record<string, string> = {
  left: 'left',
  right: 'right',
  bilateral: 'bilateral',
  midline: 'midline',
};

/**
 * The site as stored on the request: structured (region, levels, side) when it could be read, else the
 * written site with its side ("T9-T10, midline").
 */
export function historySiteInWords(r: {
  site: string;
  side: string;
  siteRegion: string | null;
  siteLevels: string | null;
}): string {
  if (r.siteRegion !== null)
    return describeSite({
      region: r.siteRegion as SiteRegion,
      levels: r.siteLevels ? r.siteLevels.split(',') : [],
      side: r.side as SiteSide,
    });
  const side = SIDE_WORDS[r.side];
  return side ? `${r.site}, ${side}` : r.site;
}

/**
 * "80% relief for 6 hours, assessed 15-Dec-2026; PGIC 2 (much improved); successful (50% or more relief)".
 * Null outcome: "Outcome not yet recorded".
 */
export function outcomeInWords(
  o: {
    assessedOn: string | null;
    reliefPercent: number;
    reliefDurationWeeks: number | null;
    reliefDurationHours: number | null;
    pgic: number;
    successful: boolean;
  } | null,
): string {
  if (!o) return 'Outcome not yet recorded';
  const lasted = [
    o.reliefDurationWeeks !== null ? plural(o.reliefDurationWeeks, 'week') : null,
    o.reliefDurationHours !== null ? plural(o.reliefDurationHours, 'hour') : null,
  ].filter((x): x is string => x !== null);
  const relief = `${o.reliefPercent}% relief${lasted.length ? ` for ${lasted.join(' and ')}` : ''}`;
  const assessed = o.assessedOn ? `, assessed ${formatDateGb(o.assessedOn)}` : '';
  const pgic = `PGIC ${o.pgic} (${PGIC_WORDS[o.pgic - 1] ?? 'not recorded'})`;
  const verdict = o.successful ? 'successful (50% or more relief)' : 'not successful';
  return `${relief}${assessed}; ${pgic}; ${verdict}`;
}

/** Complications in words: what was recorded, or "None recorded" ("none", "nil" and blanks alike). */
export function complicationsInWords(complications: string | null | undefined): string {
  const c = (complications ?? '').trim();
  if (!c || /^(none|nil|no|n\/a|-)\.?$/i.test(c)) return 'None recorded';
  return c;
}
