import {
  EvaluationSubject,
  SubjectEvaluator,
} from '@groundwork/plugin-platform-contract-common';
import { entityFactsOf } from '../database/factRows';
import { StoredFactsRow } from '../database/PlatformContractStore';

/** A batch of a full evaluation: plain data, so it can be posted to a worker thread. */
export interface EvaluationBatch {
  subjects: EvaluationSubject[];
  factRows: StoredFactsRow[];
  evaluatedAt: string;
}

/** The batch's status codes (see `SubjectEvaluator.statuses`), facts decoded from their rows. */
export function batchStatuses(
  evaluator: SubjectEvaluator,
  { subjects, factRows, evaluatedAt }: EvaluationBatch,
): Uint8Array {
  return evaluator.statuses({
    subjects,
    facts: entityFactsOf(factRows),
    evaluatedAt,
  });
}
