import { CompiledContract } from '../contract/compile';
import { RuleStatus, scoreEntity, StatusCounts } from '../contract/scoring';
import { EntityFacts } from '../facts';
import { factLookup } from './factLookup';

/**
 * A rule's status for an entity, as stored; the deciding facts are derived
 * from the entity's facts when shown.
 *
 * @public
 */
export interface StoredRuleResult {
  ruleId: string;
  status: RuleStatus;
  waiverId?: string;
}

/**
 * The evaluation of one entity against one contract, as stored.
 *
 * @public
 */
export interface EntityResultRow {
  contract: string;
  entityRef: string;
  score: number;
  level: string | null;
  groundRulesMet: boolean;
  counts: StatusCounts;
  rules: StoredRuleResult[];
  evaluatedAt: string;
}

/**
 * An entity as evaluation needs it: which contracts apply to it and which of
 * their rules do not. Decided next to the catalog entity, so that evaluation
 * itself (possibly on a worker thread) needs no entities.
 *
 * @public
 */
export interface EvaluationSubject {
  entityRef: string;
  /** By index into the evaluator's contracts. */
  contracts: Array<{ index: number; notApplicable: number[] }>;
}

/** @public */
export function subjectOf(
  contracts: CompiledContract[],
  entity: unknown,
  entityRef: string,
): EvaluationSubject {
  const applicable: EvaluationSubject['contracts'] = [];
  contracts.forEach((contract, index) => {
    if (!contract.appliesTo(entity)) return;
    const notApplicable: number[] = [];
    contract.rules.forEach(({ appliesTo }, rule) => {
      if (appliesTo && !appliesTo(entity)) notApplicable.push(rule);
    });
    applicable.push({ index, notApplicable });
  });
  return { entityRef, contracts: applicable };
}

/** Approved waivers' ids by entity, then by contract and rule. @public */
export type WaiverIndex = Map<string, Map<string, string>>;

const waiverKey = (contract: string, ruleId: string) => `${contract}|${ruleId}`;

/**
 * Indexes approved waivers by entity first: most entities have none, so a
 * full run looks up once per entity.
 *
 * @public
 */
export function waiverIndex(
  waivers: Array<{
    id: string;
    entityRef: string;
    contract: string;
    ruleId: string;
  }>,
): WaiverIndex {
  const index: WaiverIndex = new Map();
  for (const w of waivers) {
    let ofEntity = index.get(w.entityRef);
    if (!ofEntity) index.set(w.entityRef, (ofEntity = new Map()));
    ofEntity.set(waiverKey(w.contract, w.ruleId), w.id);
  }
  return index;
}

/** Subjects evaluated together, with their facts by entity ref. @public */
export interface SubjectBatch {
  subjects: EvaluationSubject[];
  facts: ReadonlyMap<string, EntityFacts>;
  evaluatedAt: string;
}

type UnwaivedStatus = Exclude<RuleStatus, 'waived'>;

/** Rule statuses as codes, one byte each, so a batch's travel between threads costs next to nothing. */
const STATUS_OF_CODE: UnwaivedStatus[] = [
  'pass',
  'fail',
  'unknown',
  'not-applicable',
];
const NOT_APPLICABLE = 3;
const CODE_OF_STATUS: Record<
  Exclude<UnwaivedStatus, 'not-applicable'>,
  number
> = { pass: 0, fail: 1, unknown: 2 };

/**
 * Evaluates subjects against compiled contracts in two steps: `statuses`
 * decodes facts and runs every rule's condition (the costly part, which a
 * worker thread can take), and `rows` turns the statuses into results,
 * applying waivers and scoring. Results of rules without a waiver are shared
 * objects, one per rule and status: a full run produces one per entity ×
 * rule.
 *
 * @public
 */
export class SubjectEvaluator {
  private readonly results: Array<
    Array<Record<UnwaivedStatus, StoredRuleResult>>
  >;

  constructor(
    private readonly contracts: CompiledContract[],
    private readonly factMaxAgeHours: number,
  ) {
    this.results = contracts.map(contract =>
      contract.rules.map(({ rule }) => ({
        pass: { ruleId: rule.id, status: 'pass' },
        fail: { ruleId: rule.id, status: 'fail' },
        unknown: { ruleId: rule.id, status: 'unknown' },
        'not-applicable': { ruleId: rule.id, status: 'not-applicable' },
      })),
    );
  }

  /** The status code of every rule of every contract applying to each subject, in that order. */
  statuses({ subjects, facts, evaluatedAt }: SubjectBatch): Uint8Array {
    const at = new Date(evaluatedAt);
    const codes = new Uint8Array(this.statusCount(subjects));
    let offset = 0;
    for (const subject of subjects) {
      offset = this.writeStatuses(
        subject,
        facts.get(subject.entityRef),
        at,
        codes,
        offset,
      );
    }
    return codes;
  }

  /** Results from the status codes of `statuses`, with approved waivers applied. */
  rows(
    subjects: EvaluationSubject[],
    codes: Uint8Array,
    waived: WaiverIndex,
    evaluatedAt: string,
  ): EntityResultRow[] {
    const rows: EntityResultRow[] = [];
    let offset = 0;
    for (const { entityRef, contracts } of subjects) {
      const waivers = waived.get(entityRef);
      for (const { index } of contracts) {
        const contract = this.contracts[index];
        const shared = this.results[index];
        const statuses: RuleStatus[] = [];
        const rules: StoredRuleResult[] = [];
        for (let r = 0; r < contract.rules.length; r++, offset++) {
          const ruleId = contract.rules[r].rule.id;
          const status = STATUS_OF_CODE[codes[offset]];
          const waiverId =
            status === 'pass' || status === 'not-applicable'
              ? undefined
              : waivers?.get(waiverKey(contract.name, ruleId));
          if (waiverId) {
            statuses.push('waived');
            rules.push({ ruleId, status: 'waived', waiverId });
          } else {
            statuses.push(status);
            rules.push(shared[r][status]);
          }
        }
        const { score, level, groundRulesMet, counts } = scoreEntity(
          contract,
          statuses,
        );
        rows.push({
          contract: contract.name,
          entityRef,
          score,
          level,
          groundRulesMet,
          counts,
          rules,
          evaluatedAt,
        });
      }
    }
    return rows;
  }

  /** Evaluates one entity's facts against every contract that applies to it. */
  evaluate(
    subject: EvaluationSubject,
    facts: EntityFacts | undefined,
    waived: WaiverIndex,
    evaluatedAt: string,
  ): EntityResultRow[] {
    const codes = new Uint8Array(this.statusCount([subject]));
    this.writeStatuses(subject, facts, new Date(evaluatedAt), codes, 0);
    return this.rows([subject], codes, waived, evaluatedAt);
  }

  private statusCount(subjects: EvaluationSubject[]) {
    let count = 0;
    for (const subject of subjects) {
      for (const { index } of subject.contracts) {
        count += this.contracts[index].rules.length;
      }
    }
    return count;
  }

  private writeStatuses(
    subject: EvaluationSubject,
    facts: EntityFacts | undefined,
    at: Date,
    codes: Uint8Array,
    offset: number,
  ): number {
    const lookup = factLookup(facts, at, this.factMaxAgeHours);
    let next = offset;
    for (const { index, notApplicable } of subject.contracts) {
      const { rules } = this.contracts[index];
      for (let r = 0; r < rules.length; r++) {
        codes[next++] = notApplicable.includes(r)
          ? NOT_APPLICABLE
          : CODE_OF_STATUS[rules[r].status(lookup)];
      }
    }
    return next;
  }
}
