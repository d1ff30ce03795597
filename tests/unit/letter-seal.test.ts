/**
 * The seal of the patient letter the chair read before confirming (issue 16). SHA-256 vectors from FIPS 180-2
 * (Appendix B); longer and non-ASCII text against Node's own SHA-256.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { patientLetterSeal, sha256Hex } from '../../shared/domain/letter-seal';

describe('patient letter seal', () => {
  it('is SHA-256: the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with Node on long and non-ASCII letters (several blocks, UTF-8)', () => {
    const letter =
      `Dear Jo Brook,\n\nYou told us that what matters most to you is: “walking the dog” – 5 km.\n`.repeat(
        40,
      );
    for (const text of [letter, 'é', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64)])
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('changes with the letter text and with its problem line', () => {
    const a = patientLetterSeal({ text: 'Dear Jo,', problem: null });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(patientLetterSeal({ text: 'Dear Jo,', problem: null })).toBe(a);
    expect(patientLetterSeal({ text: 'Dear Jo, ', problem: null })).not.toBe(a);
    expect(patientLetterSeal({ text: 'Dear Jo,', problem: 'What matters is not recorded' })).not.toBe(a);
  });
});
