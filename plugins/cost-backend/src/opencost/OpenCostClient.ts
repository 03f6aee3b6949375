import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { z } from 'zod';

const num = z.number().nullable().optional();

/**
 * The fields of OpenCost's AllocationJSON (core/pkg/opencost/allocation_json.go)
 * the cost plugin reads. Non-finite values arrive as null; other fields pass.
 */
const allocationSchema = z
  .object({
    name: z.string(),
    properties: z
      .object({
        cluster: z.string().optional(),
        namespace: z.string().optional(),
        labels: z.record(z.string()).nullable().optional(),
      })
      .passthrough()
      .nullable()
      .optional(),
    start: z.string(),
    end: z.string(),
    minutes: num,
    cpuCoreRequestAverage: num,
    cpuCoreUsageAverage: num,
    cpuCost: num,
    ramByteRequestAverage: num,
    ramByteUsageAverage: num,
    ramCost: num,
    gpuCost: num,
    pvCost: num,
    networkCost: num,
    loadBalancerCost: num,
    sharedCost: num,
    externalCost: num,
    totalCost: num,
    cpuEfficiency: num,
    ramEfficiency: num,
    totalEfficiency: num,
  })
  .passthrough();

/** One OpenCost allocation. */
export type Allocation = z.infer<typeof allocationSchema>;
/** One step of an allocation query: allocations by aggregation key. */
export type AllocationSet = Record<string, Allocation>;

const responseSchema = z.object({
  code: z.number(),
  data: z.array(z.record(allocationSchema).nullable()).nullable(),
  message: z.string().optional(),
});

/** Parameters of `GET /allocation`. */
export interface AllocationQuery {
  /** e.g. `30d`, `today`, `lastweek`. */
  window: string;
  /** e.g. `namespace` or `label:app.kubernetes.io/part-of`. */
  aggregate: string;
  accumulate?: boolean;
  step?: string;
  includeIdle?: boolean;
  shareIdle?: boolean;
}

export interface OpenCostClientOptions {
  baseUrl: string;
  token?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** A short message from an OpenCost error body (JSON `message` or plain text). */
function upstreamMessage(text: string): string {
  let message = text.trim();
  try {
    const body = JSON.parse(text);
    if (body && typeof body.message === 'string') message = body.message;
  } catch {
    // plain text, as Go's http.Error writes it
  }
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

/**
 * Client for OpenCost's Allocation API. It only ever calls the configured
 * base URL; nothing from a request or an entity becomes part of the host.
 */
export class OpenCostClient {
  private readonly server: string;

  constructor(private readonly options: OpenCostClientOptions) {
    this.server = `the OpenCost server at ${new URL(options.baseUrl).origin}`;
  }

  /** `GET /allocation`; one allocation set per step (one when accumulating). */
  async allocation(query: AllocationQuery): Promise<AllocationSet[]> {
    const params = new URLSearchParams({
      window: query.window,
      aggregate: query.aggregate,
    });
    if (query.accumulate !== undefined)
      params.set('accumulate', String(query.accumulate));
    if (query.step) params.set('step', query.step);
    if (query.includeIdle !== undefined)
      params.set('includeIdle', String(query.includeIdle));
    if (query.shareIdle !== undefined)
      params.set('shareIdle', String(query.shareIdle));
    const url = `${this.options.baseUrl.replace(
      /\/+$/,
      '',
    )}/allocation?${params}`;

    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        headers: {
          accept: 'application/json',
          ...(this.options.token
            ? { authorization: `Bearer ${this.options.token}` }
            : {}),
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (e) {
      const error = e as Error & {
        cause?: { code?: string; message?: string };
      };
      if (error.name === 'TimeoutError' || error.name === 'AbortError') {
        throw new ServiceUnavailableError(
          `${this.server} did not answer within ${this.options.timeoutMs} ms`,
        );
      }
      const reason = error.cause?.code ?? error.cause?.message ?? error.message;
      throw new ServiceUnavailableError(
        `${this.server} is unreachable (${reason})`,
      );
    }

    if (!response.ok) {
      const message = upstreamMessage(text);
      const status = response.status;
      if (status >= 500) {
        throw new ServiceUnavailableError(
          `${this.server} failed (HTTP ${status}): ${message}`,
        );
      }
      if (status === 401 || status === 403) {
        throw new ServiceUnavailableError(
          `${this.server} refused the configured credentials (HTTP ${status}); check cost.opencost.token: ${message}`,
        );
      }
      if (status === 404) {
        throw new NotFoundError(
          `${this.server} has no Allocation API at /allocation (HTTP 404): ${message}`,
        );
      }
      throw new InputError(
        `${this.server} rejected the query (HTTP ${status}): ${message}`,
      );
    }

    let body: z.infer<typeof responseSchema>;
    try {
      body = responseSchema.parse(JSON.parse(text));
    } catch (e) {
      throw new ServiceUnavailableError(
        `${
          this.server
        } sent an answer that is not an OpenCost allocation response: ${
          e instanceof z.ZodError ? e.issues[0]?.message : (e as Error).message
        }`,
      );
    }
    if (body.code !== 200) {
      throw new ServiceUnavailableError(
        `${this.server} answered code ${body.code}: ${body.message ?? ''}`,
      );
    }
    return (body.data ?? []).map(set => set ?? {});
  }
}
