import {
  restoreShippedRuleSetSchema,
  ruleSetRefSchema,
  ruleSetVersionRefSchema,
  saveRuleSetVersionSchema,
  setDefaultRuleSetSchema,
  type ActiveRuleSetView,
  type RuleSetKindSummary,
  decideProposalSchema,
  type RuleSetProposalView,
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
  'rules:save': op<RuleSetProposalView>()({
    input: saveRuleSetVersionSchema,
    access: 'rules.manage',
    write: true,
    summary:
      'Propose a new version of a rule set (checked against its schema and clinical validator; reason kept); it takes effect when a clinical lead approves it.',
  }),
  'rules:setDefault': op<RuleSetProposalView>()({
    input: setDefaultRuleSetSchema,
    access: 'rules.manage',
    write: true,
    summary: 'Propose making a set the default of its kind (a clinical lead approves).',
  }),
  'rules:restoreShipped': op<RuleSetProposalView>()({
    input: restoreShippedRuleSetSchema,
    access: 'rules.manage',
    write: true,
    summary: 'Propose a new version with the shipped name, source and body (a clinical lead approves).',
  }),
  'rules:proposals': op<RuleSetProposalView[]>()({
    input: z.strictObject({}),
    access: 'rules.read',
    write: false,
    reads: { kind: 'none', why: 'proposed rule-set changes: no patient data' },
    summary: 'Proposed rule-set changes, pending first, with who proposed and who decided.',
  }),
  'rules:approve': op<RuleSetVersionView>()({
    input: decideProposalSchema,
    access: 'rules.approve',
    write: true,
    summary: 'A clinical lead (not the proposer) approves a proposed change: it takes effect now.',
  }),
  'rules:reject': op<RuleSetProposalView>()({
    input: decideProposalSchema,
    access: 'rules.approve',
    write: true,
    summary: 'A clinical lead rejects a proposed change (nothing changes).',
  }),
} as const;
