/**
 * What the chair was shown before confirming an MDT outcome (issue 16: "the chair sees the patient letter
 * before confirming"), as a seal the server can check. The screen computes it from the patient letter it
 * rendered; the server computes it again from the outcome it is asked to confirm, and refuses when they
 * differ (the outcome or the letter changed since it was read). Pure and synchronous (@noble/hashes: no
 * Node, DOM or Web Crypto), so the screen and the database layer run the very same function.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** The patient letter as the confirm step shows it: its text, or why it cannot be written yet. */
export interface PatientLetterAsShown {
  text: string;
  problem: string | null;
}

/** The seal of a patient letter as shown: SHA-256 (hex) of its problem line and its text. */
export function patientLetterSeal(shown: PatientLetterAsShown): string {
  return sha256Hex(`${shown.problem ?? ''}\u0000${shown.text}`);
}

/** The seal's shape (64 hex digits), for the contract. */
export const PATIENT_LETTER_SEAL_PATTERN = /^[0-9a-f]{64}$/;

/** Said beside the letter when a confirmation does not carry the seal of a letter read. */
export const READ_THE_LETTER = 'Read the patient letter before confirming.';

/** Said when the letter the outcome would write is not the one the chair read (nothing is confirmed). */
export const PATIENT_LETTER_CHANGED =
  'The patient letter has changed since you read it. Nothing was confirmed: read the letter again, then confirm.';

/** SHA-256 (FIPS 180-4) of the UTF-8 bytes of a string, as 64 lower-case hex digits (@noble/hashes). */
export function sha256Hex(input: string): string {
  return bytesToHex(sha256(utf8ToBytes(input)));
}
