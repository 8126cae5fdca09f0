import { caseId, expandProfile } from '../matrix/expand';
import type { Case } from '../matrix/types';
import type { Auth, Profile, Protocol, TableId } from '../profile/types';
import { S3Error } from './errors';

export interface Decision {
  caseId: string;
  /** undefined when the profile has no such row: nothing to enforce. */
  case?: Case;
  allowed: boolean;
  inverted: boolean;
}

/**
 * The profile's rule tables as the endpoint's access policy: the same expansion the harness
 * judges with, so the reference endpoint and the verdicts cannot drift apart. `invert` flips
 * chosen cells, a deliberate fault to prove the harness notices.
 */
export class Enforcer {
  private readonly cases: Map<string, Case>;
  private readonly inverted: Set<string>;

  constructor(profile: Profile, invert: string[] = []) {
    this.cases = new Map(expandProfile(profile).map((c) => [c.id, c]));
    this.inverted = new Set(invert);
  }

  decide(table: TableId, row: string, protocol: Protocol, auth: Auth): Decision {
    const id = caseId(table, row, protocol, auth);
    const c = this.cases.get(id);
    const inverted = this.inverted.has(id);
    const allowed = (c ? c.expected === 'accept' : true) !== inverted;
    return { caseId: id, case: c, allowed, inverted };
  }

  /** The refusal for a decision: the profile's error, else InvalidRequest (protocol) / InvalidArgument. */
  refusal(d: Decision): S3Error {
    const c = d.case;
    const status = c?.expectedError?.status ?? 400;
    const code = c?.expectedError?.code ?? (c?.violation === 'protocol' ? 'InvalidRequest' : 'InvalidArgument');
    const why = c?.requirement ?? d.caseId;
    const message = d.inverted ? `Refused (inverted rule, deliberate fault): ${why}` : `Refused: ${why}`;
    return new S3Error(status, code, message, { Case: d.caseId });
  }
}
