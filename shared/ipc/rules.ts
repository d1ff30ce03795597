import {
  restoreShippedRuleSetSchema,
  ruleSetRefSchema,
  ruleSetVersionRefSchema,
  saveRuleSetVersionSchema,
  setDefaultRuleSetSchema,
  type ActiveRuleSetView,
  type RuleSetKindSummary,
  type RuleSetVersionView,
} from '../domain/rule-sets';
import { z } from 'zod';
import { op } from './operation';

/**
 * Clinical rule sets (Settings › Clinical rule sets): every kind with its sets and versions, visible to
 * everyone signed in; new versions, defaults and restores by an administrator. Spread into `contract`.
 */
export const rulesContract = {
  'rules:list': op<RuleSetKindSummary[]>()({
    input: z.strictObject({}),
    access: 'rules.read',
    write: false,
    reads: { kind: 'none', why: 'clinical rule sets: no patient data' },
    summary: 'Every kind of clinical rule set with its sets: current name, version, source, default.',
  }),
  'rules:history': op<RuleSetVersionView[]>()({
    input: z.strictObject({
      kind: ruleSetRefSchema.shape.kind,
      setKey: ruleSetVersionRefSchema.shape.setKey,
    }),
    access: 'rules.read',
    write: false,
    reads: { kind: 'none', why: 'clinical rule sets: no patient data' },
    summary: 'Every version of one rule set, newest first (the shipped version last).',
  }),
  'rules:version': op<RuleSetVersionView>()({
    input: ruleSetVersionRefSchema,
    access: 'rules.read',
    write: false,
    reads: { kind: 'none', why: 'clinical rule sets: no patient data' },
    summary: 'One version of a rule set, with its body.',
  }),
  'rules:active': op<ActiveRuleSetView>()({
    input: ruleSetRefSchema,
    access: 'rules.read',
    write: false,
    reads: { kind: 'none', why: 'clinical rule sets: no patient data' },
    summary: 'The rule set in use now (default set unless one is named).',
  }),
  'rules:save': op<RuleSetVersionView>()({
    input: saveRuleSetVersionSchema,
    access: 'rules.manage',
    write: true,
    summary:
      'Save a new version of a rule set (checked against its schema and clinical validator; reason kept).',
  }),
  'rules:setDefault': op<RuleSetVersionView>()({
    input: setDefaultRuleSetSchema,
    access: 'rules.manage',
    write: true,
    summary: 'Make a set the default of its kind (saved as a new version of it).',
  }),
  'rules:restoreShipped': op<RuleSetVersionView>()({
    input: restoreShippedRuleSetSchema,
    access: 'rules.manage',
    write: true,
    summary: 'Save a new version with the shipped name, source and body.',
  }),
} as const;
