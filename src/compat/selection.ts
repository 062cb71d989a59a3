/**
 * Which pin of a chart an environment runs: the pin of its Kubernetes minor, except while the
 * next minor is prepared (`cluster.upgradePolicy.prepareFor`), when a chart whose current pin
 * does not support that minor moves to the next minor's pin early, if that pin also supports
 * the current minor (Karpenter 1.11 -> 1.13 before 1.35 -> 1.36).
 */
import { inRange } from '../config/provenance';
import { CHART_PINS, type ChartPin } from '../config/versions';

export type ChartPins = Readonly<Record<string, Readonly<Record<string, ChartPin>>>>;

export function selectChartPin(id: string, minor: string, prepareFor?: string, pins: ChartPins = CHART_PINS): ChartPin | undefined {
  const current = pins[id]?.[minor];
  if (!prepareFor || prepareFor === minor) return current;
  const next = pins[id]?.[prepareFor];
  if (current && next && next !== current && !inRange(prepareFor, current.kubernetes) && inRange(minor, next.kubernetes)) return next;
  return current;
}
