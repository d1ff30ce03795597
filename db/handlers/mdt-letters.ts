import type { mdtLettersContract } from '../../shared/ipc/mdt-letters';
import * as letters from '../services/mdt-letters';
import * as templates from '../services/mdt-letter-templates';
import * as writing from '../services/mdt-letter-preview';
import type { HandlersFor } from './types';

/** Handlers for the MDT letter operations of issue 16 (see shared/ipc/mdt-letters.ts). */
export const mdtLettersHandlers: HandlersFor<typeof mdtLettersContract> = {
  'mdt:letter:setReferrer': (ctx, input) => letters.setReferrer(ctx, input),
  'mdt:letterTemplates:approve': (ctx, input) => templates.approveTemplate(ctx, input.templateId),
  'mdt:outcome:previewPatientLetter': (ctx, input) => writing.previewPatientLetter(ctx, input.listingId),
};
