import { describe, expect, it } from 'vitest';
import { dayClashes, timeCases, type ListSession } from '../../../shared/clinical/interventions/index';

/**
 * Issue 14, the theatre list: each case in order with its start time; clashes marked. Hand-worked: a
 * 08:30-12:30 list with 15-minute turnaround and cases of 60, 90 and 75 minutes runs 08:30-09:30,
 * 09:45-11:15, 11:30-12:45; the last ends 15 minutes after 12:30.
 */
const list: ListSession = {
  id: 1,
  room: 'Theatre 3',
  clinicianId: 7,
  clinicianName: 'Dr A Patel',
  start: '08:30',
  end: '12:30',
  unavailableMinutes: 0,
  turnaroundMinutes: 15,
};

describe('theatre list times and clashes', () => {
  it('times each case from the list start with the turnaround between cases', () => {
    expect(
      timeCases(list, [
        { bookingId: 1, minutes: 60 },
        { bookingId: 2, minutes: 90 },
        { bookingId: 3, minutes: 75 },
      ]),
    ).toEqual([
      { bookingId: 1, start: '08:30', end: '09:30', overrunMinutes: 0 },
      { bookingId: 2, start: '09:45', end: '11:15', overrunMinutes: 0 },
      { bookingId: 3, start: '11:30', end: '12:45', overrunMinutes: 15 },
    ]);
  });

  it('marks an overrun, two lists in one room, one clinician on two lists and a patient listed twice', () => {
    const other: ListSession = { ...list, id: 2, start: '12:00', end: '16:00' }; // same room, same clinician
    const elsewhere: ListSession = {
      ...list,
      id: 3,
      room: 'Room 2',
      clinicianId: 8,
      clinicianName: 'Dr B',
      start: '13:00',
      end: '17:00',
    };
    const clashes = dayClashes(
      [list, other, elsewhere],
      [
        { bookingId: 1, sessionId: 1, patientId: 10, patientName: 'SMITH, Jo', minutes: 250 },
        { bookingId: 2, sessionId: 2, patientId: 11, patientName: 'JONES, Al', minutes: 30 },
        { bookingId: 3, sessionId: 3, patientId: 10, patientName: 'SMITH, Jo', minutes: 30 },
      ],
    );
    expect(clashes.map((c) => c.kind).sort()).toEqual(['clinician', 'overrun', 'patient', 'room']);
    // 08:30 + 250 minutes = 12:40, 10 minutes after the list's 12:30 end.
    expect(clashes.find((c) => c.kind === 'overrun')!.message).toBe(
      'SMITH, Jo: planned to end at 12:40, 10 minutes after the list’s bookable end.',
    );
    expect(clashes.find((c) => c.kind === 'room')!.sessionIds).toEqual([1, 2]);
    expect(clashes.find((c) => c.kind === 'patient')!.bookingIds).toEqual([1, 3]);
  });
});
