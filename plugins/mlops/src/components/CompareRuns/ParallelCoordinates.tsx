import { RunDetail } from '@groundwork/plugin-mlops-common';
import { makeAxis, metricOf } from './compare';

const WIDTH = 760;
const HEIGHT = 280;
const PAD = { top: 24, bottom: 32, left: 48, right: 48 };

/** Interpolates blue (low) to red (high). */
const color = (t: number) => `hsl(${Math.round(240 - 240 * t)}, 70%, 45%)`;

/**
 * Parallel coordinates: one vertical axis per param, the last one for the
 * metric; one line per run, coloured by its metric value.
 */
export const ParallelCoordinates = ({
  runs,
  params,
  metric,
}: {
  runs: RunDetail[];
  params: string[];
  metric: string;
}) => {
  const axes = [
    ...params.map(p =>
      makeAxis(
        p,
        runs.map(r => r.params[p]),
      ),
    ),
    makeAxis(
      metric,
      runs.map(r => {
        const v = metricOf(r, metric);
        return v !== undefined && Number.isFinite(v) ? v : undefined;
      }),
    ),
  ];
  const metricAxis = axes[axes.length - 1];
  const x = (i: number) =>
    PAD.left +
    (axes.length > 1
      ? (i * (WIDTH - PAD.left - PAD.right)) / (axes.length - 1)
      : (WIDTH - PAD.left - PAD.right) / 2);
  const y = (position: number) =>
    PAD.top + (1 - position) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <svg
      width="100%"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`parallel coordinates of ${params.join(
        ', ',
      )} against ${metric}`}
    >
      {runs.map(run => {
        const values = axes.map((axis, i) =>
          axis.position(
            i === axes.length - 1
              ? metricOf(run, metric)
              : run.params[axis.key],
          ),
        );
        const segments: string[] = [];
        values.forEach((v, i) => {
          if (v !== undefined)
            segments.push(`${segments.length ? 'L' : 'M'}${x(i)},${y(v)}`);
        });
        const m = values[values.length - 1];
        return (
          <path
            key={run.run.runId}
            d={segments.join(' ')}
            fill="none"
            stroke={m === undefined ? '#999' : color(m)}
            strokeWidth={2}
            opacity={0.8}
          >
            <title>{run.run.runName}</title>
          </path>
        );
      })}
      {axes.map((axis, i) => (
        <g key={axis.key}>
          <line x1={x(i)} x2={x(i)} y1={y(0)} y2={y(1)} stroke="#444" />
          <text
            x={x(i)}
            y={HEIGHT - 8}
            textAnchor="middle"
            fontSize={12}
            fontWeight={axis === metricAxis ? 'bold' : undefined}
          >
            {axis.key}
          </text>
          {axis.ticks.map(t => (
            <text
              key={t.label}
              x={x(i) + 4}
              y={y(t.position) + 4}
              fontSize={10}
              fill="#555"
            >
              {t.label}
            </text>
          ))}
        </g>
      ))}
    </svg>
  );
};
