import {
  DEFAULT_REASONING_CONFIG,
  parseContract,
  ReasoningConfigSchema,
  type ReasoningConfig,
} from '../../contracts';

/**
 * Merges a partial config (from settings, a URL or a file) over the seeds' defaults and validates
 * it; throws a ContractError naming the offending fields when it does not hold.
 */
export function resolveReasoningConfig(partial: unknown): ReasoningConfig {
  if (partial === undefined || partial === null) return structuredClone(DEFAULT_REASONING_CONFIG);
  if (typeof partial !== 'object' || Array.isArray(partial)) {
    // Let the schema word the complaint ("expected object, received …").
    return parseContract(ReasoningConfigSchema, partial, 'reasoning config');
  }
  const p = partial as Record<string, unknown>;
  const weights =
    p.weights !== null && typeof p.weights === 'object' && !Array.isArray(p.weights)
      ? { ...DEFAULT_REASONING_CONFIG.weights, ...(p.weights as Record<string, unknown>) }
      : (p.weights ?? DEFAULT_REASONING_CONFIG.weights);
  return parseContract(
    ReasoningConfigSchema,
    { ...DEFAULT_REASONING_CONFIG, ...p, weights },
    'reasoning config',
  );
}
