import { GoogleGenerativeAI, SchemaType, type ResponseSchema } from '@google/generative-ai';
import { ACTION_TYPES, LLM_MAX_HYPOTHESES, PATTERN_TYPES, type LlmFacts } from '../contracts';
import { buildLlmPrompt } from '../domain/reasoning';

/** The Gemini model asked by default: fast and cheap enough for a live loop. */
export const GEMINI_MODEL = 'gemini-2.0-flash';

/** How long the lab waits for an answer before it reasons with templates. */
export const GEMINI_TIMEOUT_MS = 8_000;

/** The answer shape Gemini is asked for: the engine's LlmHypothesesSchema as an OpenAPI schema. */
export const LLM_RESPONSE_SCHEMA: ResponseSchema = {
  type: SchemaType.ARRAY,
  minItems: 1,
  maxItems: LLM_MAX_HYPOTHESES,
  items: {
    type: SchemaType.OBJECT,
    properties: {
      pattern: { type: SchemaType.STRING, format: 'enum', enum: [...PATTERN_TYPES] },
      rootCause: { type: SchemaType.STRING },
      evidence: {
        type: SchemaType.ARRAY,
        minItems: 1,
        maxItems: 10,
        items: { type: SchemaType.STRING },
      },
      suggestedActions: {
        type: SchemaType.ARRAY,
        minItems: 1,
        maxItems: 8,
        items: { type: SchemaType.STRING, format: 'enum', enum: [...ACTION_TYPES] },
      },
      confidence: { type: SchemaType.NUMBER },
    },
    required: ['pattern', 'rootCause', 'evidence', 'suggestedActions', 'confidence'],
  },
};

/** One request for hypotheses: the user's key, the window's facts and optional limits. */
export interface GeminiRequest {
  apiKey: string;
  facts: LlmFacts;
  model?: string;
  timeoutMs?: number;
  /** Lets the caller give up early, e.g. when the next cycle starts. */
  signal?: AbortSignal;
}

/** Gemini's raw answer text (validated later by the engine), or why there is none. */
export type GeminiResult = { ok: true; raw: string } | { ok: false; message: string };

function redact(message: string, apiKey: string): string {
  const clean = apiKey.trim();
  return (clean.length >= 4 ? message.split(clean).join('[key]') : message).slice(0, 500);
}

/**
 * Asks Gemini for root-cause hypotheses in JSON (response schema enforced), with a timeout. Never
 * throws: every failure (no key, network, HTTP error, timeout, empty answer) comes back as
 * `{ ok: false, message }` so the live loop carries on with templates.
 */
export async function requestLlmHypotheses(request: GeminiRequest): Promise<GeminiResult> {
  const apiKey = request.apiKey.trim();
  if (apiKey === '') return { ok: false, message: 'No Gemini API key set' };
  if (apiKey.length > 200 || /\s/.test(apiKey))
    return { ok: false, message: 'The Gemini API key does not look like a key' };
  const timeoutMs = request.timeoutMs ?? GEMINI_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const prompt = buildLlmPrompt(request.facts);
    const model = new GoogleGenerativeAI(apiKey).getGenerativeModel(
      {
        model: request.model ?? GEMINI_MODEL,
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: LLM_RESPONSE_SCHEMA,
          temperature: 0.2,
          maxOutputTokens: 2048,
        },
      },
      { timeout: timeoutMs },
    );
    const call = model
      .generateContent(prompt, {
        timeout: timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      })
      .then((response): GeminiResult => {
        const raw = response.response.text();
        return raw.trim() === ''
          ? { ok: false, message: 'Gemini returned an empty answer' }
          : { ok: true, raw };
      });
    // The SDK aborts the fetch at the timeout; this guard also covers a fetch that ignores aborts.
    const guard = new Promise<GeminiResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, message: `Gemini did not answer within ${timeoutMs} ms` }),
        timeoutMs + 250,
      );
    });
    return await Promise.race([call, guard]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const aborted = error instanceof Error && /abort/i.test(`${error.name} ${message}`);
    return {
      ok: false,
      message: aborted
        ? `Gemini did not answer within ${timeoutMs} ms (request aborted)`
        : `Gemini request failed: ${redact(message, apiKey)}`,
    };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
