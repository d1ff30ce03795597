import type { QueryKey } from '@tanstack/react-query';
import type { Channel } from '../../../shared/ipc/contract';

/**
 * Older screens key some queries by a short name rather than the operation's name; each maps to the
 * operation it calls (tests/contract/invalidation.test.ts checks every key in the renderer resolves).
 */
export const KEY_ALIASES: Readonly<Record<string, Channel>> = {
  'mdt:letter': 'mdt:letter:get',
  'mdt:letterTemplates': 'mdt:letterTemplates:list',
  'mdt:letters': 'mdt:letters:list',
  'mdt:meeting': 'mdt:meeting:get',
  'mdt:meetingTypes': 'mdt:meetingTypes:list',
  'mdt:meetings': 'mdt:meetings:list',
  'mdt:minutes': 'mdt:meeting:minutes',
  'mdt:outcome': 'mdt:outcome:get',
  'mdt:patient': 'mdt:patient:overview',
  'mdt:suggestions': 'mdt:meeting:suggestions',
  'mdt:summary': 'mdt:case:summary',
};

/** The operation a query key reads (its first element, through KEY_ALIASES). */
export function channelOfKey(key: QueryKey): string | undefined {
  const head = key[0];
  return typeof head === 'string' ? (KEY_ALIASES[head] ?? head) : undefined;
}
