import {
  CompiledContract,
  RuleStatus,
  scoreEntity,
} from '@groundwork/plugin-platform-contract-common';
import { entityFactsOf } from '../database/factRows';
import {
  EntityFacts,
  EntityResultRow,
  StoredFactsRow,
  StoredRuleResult,
  StoredWaiver,
} from '../database/PlatformContractStore';
import { factLookup } from './factLookup';

/**
 * An entity as evaluation needs it: which contracts apply to it and which of
 * their rules do not. Decided next to the catalog entity, so that evaluation
 * itself (possibly on a worker thread) needs no entities.
 */
export interface EvaluationSubject {
  entityRef: string;
  /** By index into the evaluator's contracts. */
  contracts: Array<{ index: number; notApplicable: number[] }>;
}

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

/** Approved waivers' ids by entity, then by contract and rule. */
export type WaiverIndex = Map<string, Map<string, string>>;

const waiverKey = (contract: string, ruleId: string) => `${contract}|${ruleId}`;

/** Indexes waivers by entity first: most entities have none, so a full run looks up once per entity. */
export function waiverIndex(waivers: StoredWaiver[]): WaiverIndex {
  const index: WaiverIndex = new Map();
  for (const w of waivers) {
    let ofEntity = index.get(w.entityRef);
    if (!ofEntity) index.set(w.entityRef, (ofEntity = new Map()));
    ofEntity.set(waiverKey(w.contract, w.ruleId), w.id);
  }
  return index;
}

/** A batch of a full evaluation: plain data, so it can be posted to a worker thread. */
export interface EvaluationBatch {
  subjects: EvaluationSubject[];
  factRows: StoredFactsRow[];
  /** The batch's entities' approved waivers. */
  waived: WaiverIndex;
  evaluatedAt: string;
}

type UnwaivedStatus = Exclude<RuleStatus, 'waived'>;

/**
 * Evaluates subjects against compiled contracts. Results of rules without a
 * waiver are shared objects, one per rule and status: a full run produces one
 * per entity × rule, and allocating them (and copying them from a worker
 * thread) took a good share of its time.
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

  evaluateBatch({
    subjects,
    factRows,
    waived,
    evaluatedAt,
  }: EvaluationBatch): EntityResultRow[] {
    const facts = entityFactsOf(factRows);
    const rows: EntityResultRow[] = [];
    for (const subject of subjects) {
      for (const row of this.evaluate(
        subject,
        facts.get(subject.entityRef),
        waived.get(subject.entityRef),
        evaluatedAt,
      )) {
        rows.push(row);
      }
    }
    return rows;
  }

  /** Evaluates one entity's facts against every contract that applies to it. */
  evaluate(
    subject: EvaluationSubject,
    facts: EntityFacts | undefined,
    waivers: Map<string, string> | undefined,
    evaluatedAt: string,
  ): EntityResultRow[] {
    const lookup = factLookup(
      facts,
      new Date(evaluatedAt),
      this.factMaxAgeHours,
    );
    return subject.contracts.map(({ index, notApplicable }) => {
      const contract = this.contracts[index];
      const shared = this.results[index];
      const statuses: RuleStatus[] = [];
      // Only statuses are kept; the facts that decided them are derived
      // again when someone asks why (see presentEntityResults).
      const rules = contract.rules.map(({ rule, status: statusOf }, r) => {
        if (notApplicable.includes(r)) {
          statuses.push('not-applicable');
          return shared[r]['not-applicable'];
        }
        const outcome = statusOf(lookup);
        const waiverId =
          outcome === 'pass' || !waivers
            ? undefined
            : waivers.get(waiverKey(contract.name, rule.id));
        if (waiverId) {
          statuses.push('waived');
          return { ruleId: rule.id, status: 'waived' as const, waiverId };
        }
        statuses.push(outcome);
        return shared[r][outcome];
      });
      const { score, level, groundRulesMet, counts } = scoreEntity(
        contract,
        statuses,
      );
      return {
        contract: contract.name,
        entityRef: subject.entityRef,
        score,
        level,
        groundRulesMet,
        counts,
        rules,
        evaluatedAt,
      };
    });
  }
}
