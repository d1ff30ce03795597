import { z } from 'zod';
import {
  addMedicineSchema,
  changeMedicineSchema,
  createPlanSchema,
  planActionSchema,
  revisePlanSchema,
  recordPrnUseSchema,
  recordReviewSchema,
  serviceViewSchema,
  signOffPlanSchema,
  stopMedicineSchema,
  taperConcernsSchema,
  updateStepsSchema,
  worklistSchema,
  type MedicineEntry,
  type MedicineReviewView,
  type PatientMedicines,
  type PlanLetter,
  type ServiceView,
  type TaperConcern,
  type TaperPlan,
  type Worklist,
} from '../domain/medicines';
import { op } from './operation';
import { switchToDiazepamSchema, type DiazepamSwitchResult } from '../domain/medicines-benzo';
import {
  acknowledgeCheckSchema,
  recordMedicineFactsSchema,
  type MedicineChecksView,
} from '../domain/medicine-checks';

const id = z.number().int().positive();

/** Prescribing and deprescribing reviews (issue 4): this module's named operations. Spread into `contract` in contract.ts. */
export const medicinesContract = {
  'meds:patient': op<PatientMedicines>()({
    input: z.strictObject({ patientId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (i) => i.patientId },
    summary: 'A patient’s medicines (current, stopped, every version), OME with arithmetic, flags and plans.',
  }),
  'meds:add': op<MedicineEntry>()({
    input: addMedicineSchema,
    access: 'medicines.write',
    write: true,
    summary: 'Add a medicine to a patient’s list (recomputes the stored OME total and flags).',
  }),
  'meds:change': op<MedicineEntry>()({
    input: changeMedicineSchema,
    access: 'medicines.write',
    write: true,
    summary: 'Change a medicine: a new dated version; the old one is kept as history.',
  }),
  'meds:stop': op<MedicineEntry>()({
    input: stopMedicineSchema,
    access: 'medicines.write',
    write: true,
    summary: 'Stop a medicine (with a reason); its history is kept.',
  }),
  'meds:recordPrnUse': op<MedicineReviewView>()({
    input: recordPrnUseSchema,
    access: 'medicines.write',
    write: true,
    summary:
      'Record a medicines review: the amount of each as-needed medicine taken per 24 hours, and the OME for that review.',
  }),
  'meds:recordFacts': op<MedicineChecksView>()({
    input: recordMedicineFactsSchema,
    access: 'medicines.write',
    write: true,
    summary:
      'Record facts the medicine checks need: weight and serum creatinine with the result date (Cockcroft-Gault), or pregnancy/breastfeeding.',
  }),
  'meds:acknowledgeCheck': op<MedicineChecksView>()({
    input: acknowledgeCheckSchema,
    access: 'medicines.write',
    write: true,
    summary:
      'Record the reason for a medicine check that needs judgement, or what was done for a prompt (audited).',
  }),
  'meds:createPlan': op<TaperPlan>()({
    input: createPlanSchema,
    access: 'taper.manage',
    write: true,
    summary:
      'Draft a deprescribing plan for one medicine, with a generated taper rounded to formulary strengths.',
  }),
  'meds:plan': op<TaperPlan>()({
    input: z.strictObject({ planId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o.patientId },
    summary: 'One deprescribing plan: steps, reviews, pauses and sign-off.',
  }),
  'meds:planLetter': op<PlanLetter>()({
    input: z.strictObject({ planId: id }),
    access: 'patient.read',
    write: false,
    reads: { kind: 'patient', patientId: (_, o) => o.plan.patientId },
    summary: 'What the printable GP letter and patient calendar need.',
  }),
  'meds:updateSteps': op<TaperPlan>()({
    input: updateStepsSchema,
    access: 'taper.manage',
    write: true,
    summary: 'Edit a draft plan’s steps before it starts.',
  }),
  'meds:signOff': op<TaperPlan>()({
    input: signOffPlanSchema,
    access: 'taper.sign-off',
    write: true,
    summary: 'Record the patient’s agreement and start the plan (the signer is recorded).',
  }),
  'meds:recordReview': op<TaperPlan>()({
    input: recordReviewSchema,
    access: 'taper.manage',
    write: true,
    summary:
      'Record a taper review: step taken, held or stepped back, COWS, pain, function, as-needed amounts taken, next review.',
  }),
  'meds:planAction': op<TaperPlan>()({
    input: planActionSchema,
    access: 'taper.manage',
    write: true,
    summary: 'Pause, resume or abandon a plan (a reason is required).',
  }),
  'meds:revisePlan': op<TaperPlan>()({
    input: revisePlanSchema,
    access: 'taper.manage',
    write: true,
    summary:
      'Change an active or paused plan with a reason: the steps still to come are planned again from the current dose (a new version; the old letter is superseded).',
  }),
  'meds:switchToDiazepam': op<DiazepamSwitchResult>()({
    input: switchToDiazepamSchema,
    access: 'taper.manage',
    write: true,
    summary:
      'Switch a short-acting benzodiazepine to the equivalent diazepam (Ashton): the line is stopped and a diazepam line started, with the equivalence recorded for the GP letter.',
  }),
  'meds:worklist': op<Worklist>()({
    input: worklistSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Taper reviews overdue, due today and upcoming, optionally for one nurse.',
  }),
  'meds:serviceView': op<ServiceView>()({
    input: serviceViewSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Patients at each OME threshold and combination flag, plans by status, median OME reduction.',
  }),
  'meds:taperConcerns': op<TaperConcern[]>()({
    input: taperConcernsSchema,
    access: 'patient.read',
    write: false,
    reads: { kind: 'list' },
    summary: 'Plans held or stepped back at least N times (for the MDT’s suggested cases).',
  }),
} as const;
