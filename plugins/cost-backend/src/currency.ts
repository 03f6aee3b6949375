import { Config } from '@backstage/config';

const CODE = /^[A-Z]{3}$/;

/** `cost.currency`: the reporting currency and the rates into it. */
export interface CurrencyConfig {
  /** Upper-case ISO 4217 code. */
  reporting: string;
  /** Source currency to its value in the reporting currency (1 EUR = 1.08 USD: `EUR → 1.08`). */
  rates: Map<string, number>;
  /** Deprecated keys in use, for the plugin to log. */
  warnings: string[];
}

/**
 * Which rows a query includes and how they are converted: every row whose
 * currency is a key of `factors` counts, multiplied by its factor, into
 * `currency`. Everything else is left out (and reported when `converted`).
 */
export interface CurrencyView {
  currency: string;
  /** Source currency to the multiplier into `currency`; `{ [currency]: 1 }` for one native currency. */
  factors: Record<string, number>;
  /** True when other currencies are converted with configured rates (the default). */
  converted: boolean;
}

class CurrencyConfigError extends Error {
  name = 'CurrencyConfigError';
}

function fail(key: string, problem: string, fix: string): never {
  throw new CurrencyConfigError(`Invalid ${key}: ${problem}. ${fix}`);
}

function readCode(config: Config | undefined, key: string, fullKey: string) {
  const value = config?.getOptional(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !CODE.test(value.trim().toUpperCase())) {
    fail(
      fullKey,
      `${JSON.stringify(value)} is not a three-letter ISO 4217 currency code`,
      'Use a code such as USD or EUR',
    );
  }
  return value.trim().toUpperCase();
}

/**
 * Reads `cost.currency` (and the deprecated `cost.defaultCurrency`); throws an
 * error naming the key, the problem and the fix.
 */
export function readCurrencyConfig(cost: Config | undefined): CurrencyConfig {
  const warnings: string[] = [];
  const currency = cost?.getOptionalConfig('currency');
  const reportingKey = readCode(
    currency,
    'reporting',
    'cost.currency.reporting',
  );
  const legacy = readCode(cost, 'defaultCurrency', 'cost.defaultCurrency');
  if (legacy !== undefined) {
    if (reportingKey !== undefined && reportingKey !== legacy) {
      fail(
        'cost.defaultCurrency',
        `it is ${legacy} but cost.currency.reporting is ${reportingKey}`,
        'Remove the deprecated cost.defaultCurrency and keep cost.currency.reporting',
      );
    }
    warnings.push(
      'cost.defaultCurrency is deprecated; rename it to cost.currency.reporting',
    );
  }
  const reporting = reportingKey ?? legacy ?? 'USD';

  const rates = new Map<string, number>();
  const ratesConfig = currency?.getOptional('rates');
  if (ratesConfig !== undefined) {
    if (
      typeof ratesConfig !== 'object' ||
      ratesConfig === null ||
      Array.isArray(ratesConfig)
    ) {
      fail(
        'cost.currency.rates',
        'it must be a map from currency code to rate',
        `Write e.g. rates: { EUR: 1.08 } (1 EUR = 1.08 ${reporting})`,
      );
    }
    for (const [key, value] of Object.entries(ratesConfig)) {
      const code = key.trim().toUpperCase();
      const fullKey = `cost.currency.rates.${key}`;
      if (!CODE.test(code)) {
        fail(
          fullKey,
          `${JSON.stringify(key)} is not a three-letter ISO 4217 currency code`,
          'Use codes such as EUR or GBP as keys',
        );
      }
      const rate = typeof value === 'string' ? Number(value) : value;
      if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
        fail(
          fullKey,
          `${JSON.stringify(value)} is not a positive number`,
          `Give the value of 1 ${code} in ${reporting}, e.g. ${code}: 1.08`,
        );
      }
      if (rates.has(code)) {
        fail(
          fullKey,
          `${code} is given more than once`,
          'Keep one rate per currency',
        );
      }
      if (code === reporting && rate !== 1) {
        fail(
          fullKey,
          `${code} is the reporting currency, its rate can only be 1`,
          `Remove cost.currency.rates.${key}`,
        );
      }
      rates.set(code, rate);
    }
  }
  rates.set(reporting, 1);
  return { reporting, rates, warnings };
}

/** The one place currencies are converted: every query's {@link CurrencyView} comes from here. */
export class CurrencyConverter {
  constructor(private readonly config: Omit<CurrencyConfig, 'warnings'>) {}

  get reporting() {
    return this.config.reporting;
  }

  /**
   * Without a requested currency: the reporting currency, every currency with
   * a rate converted into it. With one: only rows natively in that currency.
   */
  view(requested?: string): CurrencyView {
    if (requested) {
      return {
        currency: requested,
        factors: { [requested]: 1 },
        converted: false,
      };
    }
    return {
      currency: this.config.reporting,
      factors: Object.fromEntries(this.config.rates),
      converted: true,
    };
  }

  /** `amount` in `from` expressed in `to`; undefined when a rate is missing. */
  convert(amount: number, from: string, to: string): number | undefined {
    if (from === to) return amount;
    const fromRate = this.config.rates.get(from);
    const toRate = this.config.rates.get(to);
    if (fromRate === undefined || toRate === undefined) return undefined;
    return (amount * fromRate) / toRate;
  }

  /** Why amounts in `from` cannot be expressed in `to`, with the fix; undefined when they can. */
  missingRate(from: string, to: string) {
    const missing = [from, to].find(code => !this.config.rates.has(code));
    if (from === to || missing === undefined) return undefined;
    return `No rate for ${missing}: add cost.currency.rates.${missing} (the value of 1 ${missing} in ${this.config.reporting})`;
  }
}
