/** Refused by the state machine or the triage rules; the text is the operator's explanation. */
export class AlarmRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlarmRefusal';
  }
}
