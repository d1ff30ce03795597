import { addCalendarDays } from '../../shared/clinical/calendar';
import { FORMULARY_META } from '../../shared/clinical/medicines/formulary';
import { OPIOIDS_AWARE_2020 } from '../../shared/clinical/medicines/rule-sets';
import { TAPER_DEFAULTS } from '../../shared/clinical/medicines/taper';
import { londonToday } from '../../shared/dates';
import { formularyEntry, type DoseKind, type OmeSummary } from '../../shared/domain/medicines';
import { SHIPPED_MEDICINE_RULES } from '../../shared/domain/rule-sets';
import { generateTaper, taperStrengths } from '../services/medicines-plan-steps';
import {
  flagColumns,
  omeLineFor,
  omeSummaryFor,
  storedOmeJson,
  taperAmount,
  type DoseFields,
} from '../services/medicines-ome';
import type { DemoContext } from './context';
import type { Random } from './random';

interface Template {
  id: string;
  kind: DoseKind;
  doses: number[];
  times: number[];
  prnMax?: (dose: number, times: number) => number;
  changeDays?: number;
  indication: string;
  share: number;
}

/** Realistic pain-clinic prescribing (shares are per patient, roughly). */
const TEMPLATES: Template[] = [
  {
    id: 'oxycodone-mr-tablet',
    kind: 'regular',
    doses: [5, 10, 15, 20, 30, 40, 60],
    times: [2],
    indication: 'Chronic low back pain',
    share: 0.22,
  },
  {
    id: 'morphine-mr-tablet',
    kind: 'regular',
    doses: [10, 15, 30, 60],
    times: [2],
    indication: 'Chronic widespread pain',
    share: 0.16,
  },
  {
    id: 'fentanyl-72-hour-patch',
    kind: 'patch',
    doses: [12, 25, 50, 75],
    times: [1],
    changeDays: 3,
    indication: 'Chronic pain',
    share: 0.03,
  },
  {
    id: 'buprenorphine-7-day-patch',
    kind: 'patch',
    doses: [5, 10, 20],
    times: [1],
    changeDays: 7,
    indication: 'Osteoarthritis',
    share: 0.05,
  },
  {
    id: 'tramadol-capsule',
    kind: 'regular',
    doses: [50],
    times: [2, 3, 4],
    indication: 'Back pain',
    share: 0.08,
  },
  {
    id: 'co-codamol-tablet',
    kind: 'regular',
    doses: [60],
    times: [2, 4],
    indication: 'Musculoskeletal pain',
    share: 0.12,
  },
  {
    id: 'pregabalin-capsule',
    kind: 'regular',
    doses: [75, 150, 300],
    times: [2],
    indication: 'Neuropathic pain',
    share: 0.28,
  },
  {
    id: 'gabapentin-capsule',
    kind: 'regular',
    doses: [300, 600],
    times: [3],
    indication: 'Neuropathic pain',
    share: 0.16,
  },
  {
    id: 'amitriptyline-tablet',
    kind: 'regular',
    doses: [10, 20, 30, 50],
    times: [1],
    indication: 'Sleep and neuropathic pain',
    share: 0.32,
  },
  {
    id: 'duloxetine-capsule',
    kind: 'regular',
    doses: [30, 60],
    times: [1],
    indication: 'Fibromyalgia',
    share: 0.12,
  },
  {
    id: 'naproxen-tablet',
    kind: 'regular',
    doses: [250, 500],
    times: [2],
    indication: 'Joint pain',
    share: 0.12,
  },
  {
    id: 'diazepam-tablet',
    kind: 'regular',
    doses: [2, 5],
    times: [1, 2, 3],
    indication: 'Muscle spasm',
    share: 0.05,
  },
  {
    id: 'zopiclone-tablet',
    kind: 'regular',
    doses: [3.75, 7.5],
    times: [1],
    indication: 'Insomnia',
    share: 0.05,
  },
  { id: 'paracetamol-tablet', kind: 'regular', doses: [1000], times: [4], indication: 'Pain', share: 0.35 },
];
const PRN = {
  oxycodone: { id: 'oxycodone-ir-capsule', dose: 5, times: 4 },
  morphine: { id: 'morphine-oral-solution-2mg-ml', dose: 10, times: 6 },
};

interface Item {
  t: string;
  fields: DoseFields;
  strength: string;
  indication: string;
  start: string;
}

function fieldsFor(id: string, kind: DoseKind, dose: number, times: number, changeDays?: number): DoseFields {
  const f = formularyEntry(id)!;
  return {
    generic: f.generic,
    drugClass: f.drugClass,
    route: f.route,
    doseKind: kind,
    doseMg: kind === 'patch' ? null : dose,
    timesPerDay: kind === 'patch' ? null : times,
    prnMaxMgPer24h: kind === 'prn' ? dose * times : null,
    patchMcgPerHour: kind === 'patch' ? dose : null,
    patchChangeEveryDays: kind === 'patch' ? (changeDays ?? 7) : null,
  };
}

function day(rnd: Random, today: string, fromDays: number, toDays: number): string {
  return addCalendarDays(today, -rnd.int(fromDays, toDays));
}

/** Synthetic medicines data for the demo and benchmark service (deterministic from ctx.rnd). */
export function generateMedicinesDemo(ctx: DemoContext): void {
  const { sqlite, rnd } = ctx;
  const at = ctx.now.toISOString();
  const today = londonToday(ctx.now);
  const nurses = ctx.users.filter((u) => u.role === 'nurse').map((u) => u.id);
  const signers = ctx.users.filter((u) => u.role === 'nurse' || u.role === 'consultant').map((u) => u.id);
  const insertEntry =
    sqlite.prepare(`INSERT INTO medicine_entries (id, item_id, version, patient_id, formulary_id,
    formulary_version, name, generic, drug_class, form, route, strength, dose_kind, dose_mg, times_per_day,
    prn_max_mg_per_24h, patch_mcg_per_hour, patch_change_every_days, start_date, prescriber, indication, status,
    stopped_on, change_reason, effective_from, current, ome_mg_per_24h, ome_json, rule_set_id, rule_set_version,
    recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Ids are assigned here (one writer, in order), so a line's item id is known without a second write.
  const markOld = sqlite.prepare('UPDATE medicine_entries SET current = 0 WHERE id = ?');
  let nextId = Number(sqlite.prepare('SELECT coalesce(max(id), 0) FROM medicine_entries').pluck().get());
  const insertOme =
    sqlite.prepare(`INSERT INTO patient_ome (patient_id, total_mg_per_24h, complete, estimated,
    high_dose, harm_rises, flag_opioid_benzo, flag_opioid_gabapentinoid, flag_multiple_opioids,
    flag_gabapentin_pregabalin, active_count, rule_set_id, rule_set_version, computed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertSnap = sqlite.prepare(
    'INSERT INTO ome_snapshots (patient_id, effective_date, total_mg_per_24h, complete, recorded_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertPlan =
    sqlite.prepare(`INSERT INTO taper_plans (patient_id, item_id, medicine_name, generic, is_opioid,
    goal, target_dose, unit, times_per_day, reason, mode, percent, interval_days, start_date, start_dose, round_to,
    current_step, current_dose, status, patient_agreed, agreement_note, signed_off_by, signed_off_at, nurse_id,
    next_review_date, holds, step_backs, start_ome, current_ome, rule_set_id, rule_set_version, created_at, created_by,
    updated_at, version) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 'percent-of-start', 10, 14, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`);
  const insertStep = sqlite.prepare(
    'INSERT INTO taper_steps (plan_id, step_no, date, dose) VALUES (?, ?, ?, ?)',
  );
  const insertReview =
    sqlite.prepare(`INSERT INTO taper_reviews (plan_id, patient_id, step_no, review_date, outcome,
    cows_json, cows_total, cows_band, withdrawal_symptoms, pain_score, function_score, notes, next_review_date,
    recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, '', ?, ?, ?, ?, ?, ?)`);

  const omeCache = new Map<string, { json: string | null; mg: number | null }>();
  const omeOf = (f: DoseFields): { json: string | null; mg: number | null } => {
    const key = `${f.generic}|${f.route}|${f.doseKind}|${f.doseMg}|${f.timesPerDay}|${f.prnMaxMgPer24h}|${f.patchMcgPerHour}|${f.patchChangeEveryDays}|${f.drugClass}`;
    let hit = omeCache.get(key);
    if (hit === undefined) {
      const line = omeLineFor(f, SHIPPED_MEDICINE_RULES);
      hit = { json: storedOmeJson(line), mg: line?.omeMgPer24h ?? null };
      omeCache.set(key, hit);
    }
    return hit;
  };
  const summaryCache = new Map<string, OmeSummary>();
  const summaryOf = (list: DoseFields[]) => {
    const key = list
      .map(
        (f) =>
          `${f.generic}|${f.route}|${f.doseKind}|${f.doseMg}|${f.timesPerDay}|${f.prnMaxMgPer24h}|${f.patchMcgPerHour}`,
      )
      .join(';');
    let hit = summaryCache.get(key);
    if (hit === undefined) {
      hit = omeSummaryFor(list, SHIPPED_MEDICINE_RULES);
      if (summaryCache.size < 200_000) summaryCache.set(key, hit);
    }
    return hit;
  };
  const writeVersion = (
    patientId: number,
    itemId: number,
    version: number,
    item: Item,
    fields: DoseFields,
    opts: { current: boolean; from: string; reason: string | null; stoppedOn?: string },
  ): number => {
    const f = formularyEntry(item.t)!;
    const o = omeOf(fields);
    const id = ++nextId;
    insertEntry.run(
      id,
      itemId === 0 ? id : itemId,
      version,
      patientId,
      f.id,
      FORMULARY_META.version,
      f.name,
      f.generic,
      f.drugClass,
      f.form,
      f.route,
      item.strength,
      fields.doseKind,
      fields.doseMg,
      fields.timesPerDay,
      fields.prnMaxMgPer24h,
      fields.patchMcgPerHour,
      fields.patchChangeEveryDays,
      item.start,
      rnd.chance(0.7) ? 'gp' : 'service',
      item.indication,
      opts.stoppedOn ? 'stopped' : 'active',
      opts.stoppedOn ?? null,
      opts.reason,
      opts.from,
      opts.current ? 1 : 0,
      o.mg,
      o.json,
      o.json ? OPIOIDS_AWARE_2020.meta.id : null,
      o.json ? OPIOIDS_AWARE_2020.meta.version : null,
      at,
      null,
    );
    return id;
  };

  const batch = 2000;
  const end = ctx.firstPatientId + ctx.patientCount;
  for (let start = ctx.firstPatientId; start < end; start += batch) {
    sqlite.transaction(() => {
      for (let pid = start; pid < Math.min(end, start + batch); pid++) {
        // About 4 medicines each: pick templates by share, at most one strong opioid MR and one patch.
        const items: Item[] = [];
        const chosen = new Set<string>();
        let strong = false;
        for (const t of TEMPLATES) {
          if (!rnd.chance(Math.min(0.9, t.share * 1.55))) continue;
          const f = formularyEntry(t.id)!;
          const isStrong = f.drugClass === 'strong-opioid';
          if (isStrong && strong && !rnd.chance(0.08)) continue;
          strong ||= isStrong;
          chosen.add(t.id);
          const dose = rnd.pick(t.doses);
          items.push({
            t: t.id,
            fields: fieldsFor(t.id, t.kind, dose, rnd.pick(t.times), t.changeDays),
            strength: `${t.kind === 'patch' ? dose : dose <= 60 ? dose : t.doses[0]} ${t.kind === 'patch' ? 'mcg/h' : 'mg'}`,
            indication: t.indication,
            start: day(rnd, today, 120, 1500),
          });
          if (t.id === 'oxycodone-mr-tablet' || t.id === 'morphine-mr-tablet') {
            if (rnd.chance(0.45)) {
              const prn = t.id === 'oxycodone-mr-tablet' ? PRN.oxycodone : PRN.morphine;
              items.push({
                t: prn.id,
                fields: fieldsFor(prn.id, 'prn', prn.dose, prn.times),
                strength: t.id === 'oxycodone-mr-tablet' ? '5 mg' : '2 mg/mL',
                indication: 'Breakthrough pain',
                start: day(rnd, today, 120, 1500),
              });
            }
          }
        }
        if (items.length === 0) continue;

        // History: some lines were increased earlier (an older version kept), some were stopped.
        const firstDate = items.reduce((m, i) => (i.start < m ? i.start : m), today);
        const earlier: DoseFields[] = [];
        const ids: { itemId: number; item: Item; version: number; lastId: number }[] = [];
        for (const item of items) {
          const changed = item.fields.doseKind === 'regular' && rnd.chance(0.35);
          const old = changed ? { ...item.fields, doseMg: (item.fields.doseMg ?? 0) / 2 } : item.fields;
          const changeOn = day(rnd, today, 30, 110);
          const stopped = rnd.chance(0.06);
          const first = writeVersion(pid, 0, 1, item, old, {
            current: !changed && !stopped,
            from: item.start,
            reason: null,
          });
          earlier.push(old);
          let version = 1;
          if (changed) {
            version = 2;
            writeVersion(pid, first, 2, item, item.fields, {
              current: !stopped,
              from: changeOn,
              reason: 'Dose increased for pain control',
            });
          }
          if (stopped) {
            writeVersion(pid, first, version + 1, item, item.fields, {
              current: true,
              from: changeOn,
              reason: 'No benefit',
              stoppedOn: changeOn,
            });
          } else ids.push({ itemId: first, item, version, lastId: nextId });
        }
        // About 8% of patients have a taper plan on their strong opioid (MR tablets or patch).
        const target = ids.find((x) =>
          [
            'oxycodone-mr-tablet',
            'morphine-mr-tablet',
            'buprenorphine-7-day-patch',
            'fentanyl-72-hour-patch',
          ].includes(x.item.t),
        );
        plan: {
          if (!target || !rnd.chance(0.17)) break plan;
          const f = target.item.fields;
          const { dose: startDose, unit } = taperAmount(f);
          const times = unit === 'mcg/h' ? 1 : (f.timesPerDay ?? 1);
          const planStart = day(rnd, today, 0, 120);
          let steps;
          try {
            steps = generateTaper({
              startDose,
              percent: TAPER_DEFAULTS.percent,
              intervalDays: TAPER_DEFAULTS.intervalDays,
              startDate: planStart,
              strengths: taperStrengths(target.item.t, unit),
              timesPerDay: times,
              goal: 'stop',
              targetDose: null,
            }).steps;
          } catch {
            break plan;
          }
          const roll = rnd.next();
          const status =
            roll < 0.1
              ? 'draft'
              : roll < 0.75
                ? 'active'
                : roll < 0.82
                  ? 'paused'
                  : roll < 0.9
                    ? 'abandoned'
                    : 'completed';
          const due = steps.filter((s) => s.date <= today).length - 1;
          const currentStep =
            status === 'draft'
              ? 0
              : status === 'completed'
                ? steps.length - 1
                : Math.max(0, Math.min(due, steps.length - 2));
          const holds = status === 'draft' ? 0 : rnd.chance(0.25) ? rnd.int(1, 3) : 0;
          const stepBacks = status === 'draft' ? 0 : rnd.chance(0.1) ? 1 : 0;
          const nurse = rnd.pick(nurses);
          const currentDose = steps[currentStep]!.dose;
          const startOme = omeOf(f).mg;
          const currentFields =
            unit === 'mcg/h' ? { ...f, patchMcgPerHour: currentDose } : { ...f, doseMg: currentDose / times };
          const currentOme = currentDose === 0 ? 0 : omeOf(currentFields).mg;
          if (status !== 'draft' && currentStep > 0) {
            // The medicine line follows the plan: a new version at the current step's dose (stopped at 0).
            const stepDate = steps[currentStep]!.date;
            markOld.run(target.lastId);
            target.lastId = writeVersion(pid, target.itemId, target.version + 1, target.item, currentFields, {
              current: true,
              from: stepDate,
              reason: `Taper plan: step ${currentStep}`,
              ...(currentDose === 0 ? { stoppedOn: stepDate } : {}),
            });
            if (currentDose === 0) ids.splice(ids.indexOf(target), 1);
            else target.item.fields = currentFields;
          }
          const nextReview = status === 'active' ? addCalendarDays(today, rnd.int(-10, 21)) : null;
          const planId = Number(
            insertPlan.run(
              pid,
              target.itemId,
              formularyEntry(target.item.t)!.name,
              f.generic,
              1,
              'stop',
              unit,
              unit === 'mcg/h' ? null : times,
              rnd.pick([
                'High dose with little benefit',
                'Opioid with a gabapentinoid',
                'Patient wishes to reduce',
                'Sedation and falls',
              ]),
              planStart,
              startDose,
              null,
              currentStep,
              currentDose,
              status,
              status === 'draft' ? 0 : 1,
              status === 'draft' ? null : 'Agreed in clinic',
              status === 'draft' ? null : rnd.pick(signers),
              status === 'draft' ? null : `${planStart}T10:00:00.000Z`,
              nurse,
              nextReview,
              holds,
              stepBacks,
              startOme,
              currentOme,
              TAPER_DEFAULTS.meta.id,
              TAPER_DEFAULTS.meta.version,
              at,
              null,
              at,
            ).lastInsertRowid,
          );
          steps.forEach((s, i) => insertStep.run(planId, i, s.date, s.dose));
          for (let k = 1; k <= currentStep + holds + stepBacks && k < 12; k++) {
            const outcome = k <= holds ? 'held' : k <= holds + stepBacks ? 'stepped-back' : 'taken';
            const date = addCalendarDays(planStart, k * 14);
            if (date > today) break;
            insertReview.run(
              planId,
              pid,
              Math.min(k, currentStep),
              date,
              outcome,
              rnd.int(0, 4),
              'none',
              rnd.int(3, 8),
              rnd.int(3, 8),
              '',
              addCalendarDays(date, 14),
              at,
              nurse,
            );
          }
        }
        const active = ids.map((x) => x.item.fields);
        const summary = summaryOf(active);
        const before = summaryOf(earlier);
        const c = flagColumns(summary);
        insertOme.run(
          pid,
          c.total_mg_per_24h,
          c.complete,
          c.estimated,
          c.high_dose,
          c.harm_rises,
          c.flag_opioid_benzo,
          c.flag_opioid_gabapentinoid,
          c.flag_multiple_opioids,
          c.flag_gabapentin_pregabalin,
          active.length,
          c.rule_set_id,
          c.rule_set_version,
          at,
        );
        insertSnap.run(pid, firstDate, before.totalMgPer24h, before.complete ? 1 : 0, at);
        insertSnap.run(pid, day(rnd, today, 20, 29), summary.totalMgPer24h, summary.complete ? 1 : 0, at);
      }
    })();
    ctx.onProgress?.(
      'medicines',
      Math.min(ctx.patientCount, start - ctx.firstPatientId + batch),
      ctx.patientCount,
    );
  }
}
