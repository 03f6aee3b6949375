import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { normalizeRef } from '../config';

/** Commitment, projection and fiscal calendar settings. */
export interface CommitmentConfig {
  /** 1 (January) to 12. */
  fiscalYearStartMonth: number;
  /** Days of run rate behind opex projections. */
  runRateDays: number;
  /** Utilisation below this share (0..1) of a commitment notifies `notify`. */
  utilisationAlertThreshold: number;
  /** Group (normalised ref) told about under-used commitments. */
  notify?: string;
}

function bounded(
  config: RootConfigService,
  key: string,
  fallback: number,
  min: number,
  max: number,
  example: string,
) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InputError(
      `Invalid ${key}: ${value} is not between ${min} and ${max}. Give e.g. ${key
        .split('.')
        .pop()}: ${example}`,
    );
  }
  return value;
}

export function readCommitmentConfig(
  config: RootConfigService,
): CommitmentConfig {
  const fiscalYearStartMonth = bounded(
    config,
    'cost.fiscalYearStartMonth',
    1,
    1,
    12,
    '4 (April)',
  );
  if (!Number.isInteger(fiscalYearStartMonth)) {
    throw new InputError(
      `Invalid cost.fiscalYearStartMonth: ${fiscalYearStartMonth} is not a whole month number. Give 1 (January) to 12 (December)`,
    );
  }
  const notify = config.getOptionalString('cost.commitments.notify');
  let notifyRef: string | undefined;
  if (notify) {
    try {
      notifyRef = normalizeRef(notify);
    } catch {
      throw new InputError(
        `Invalid cost.commitments.notify: "${notify}" is not an entity ref. Give the platform team's group, e.g. group:default/platform`,
      );
    }
  }
  return {
    fiscalYearStartMonth,
    runRateDays: Math.round(
      bounded(config, 'cost.projection.runRateDays', 30, 7, 90, '30'),
    ),
    utilisationAlertThreshold:
      bounded(
        config,
        'cost.commitments.utilisationAlertThreshold',
        80,
        0,
        100,
        '80',
      ) / 100,
    notify: notifyRef,
  };
}
