/** Resource types in words people use (singular, plural), for what an export held. */
const TYPE_LABELS: Record<string, [string, string]> = {
  Patient: ['patient', 'patients'],
  AllergyIntolerance: ['allergy', 'allergies'],
  Condition: ['diagnosis', 'diagnoses'],
  MedicationStatement: ['medicine', 'medicines'],
  Observation: ['outcome measure score', 'outcome measure scores'],
  QuestionnaireResponse: ['set of questionnaire answers', 'sets of questionnaire answers'],
  EpisodeOfCare: ['episode of care', 'episodes of care'],
  CarePlan: ['rehabilitation plan', 'rehabilitation plans'],
  Goal: ['goal', 'goals'],
  ServiceRequest: ['procedure request', 'procedure requests'],
  Appointment: ['procedure booking', 'procedure bookings'],
  Procedure: ['procedure done', 'procedures done'],
  Composition: ['MDT outcome', 'MDT outcomes'],
  DocumentReference: ['letter', 'letters'],
};

/** "1 patient, 3 medicines, 2 outcome measure scores" (types in a fixed order; unknown ones last). */
export function countsInWords(counts: Record<string, number>): string {
  const order = Object.keys(TYPE_LABELS);
  return Object.entries(counts)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([type, n]) => {
      const [one, many] = TYPE_LABELS[type] ?? ['other record', 'other records'];
      return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
    })
    .join(', ');
}
