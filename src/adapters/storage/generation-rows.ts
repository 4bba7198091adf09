import type { Insertable, Selectable } from 'kysely';
import type { Platform } from '../../core/platforms/index.js';
import type { GenerationRecord, NewGeneration } from '../../core/ports.js';
import type { GenerationTable } from './database-schema.js';

export function toGeneration(row: Selectable<GenerationTable>): GenerationRecord {
  return {
    id: row.id,
    profileId: row.profile_id,
    platform: row.platform as Platform,
    kind: row.kind as GenerationRecord['kind'],
    topic: row.topic,
    model: row.model,
    promptVersion: row.prompt_version,
    retrieval: row.retrieval as GenerationRecord['retrieval'],
    exampleIds: JSON.parse(row.example_ids) as number[],
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    latencyMs: row.latency_ms,
    createdAt: row.created_at,
  };
}

export function generationValues(record: NewGeneration, now: string): Insertable<GenerationTable> {
  return {
    profile_id: record.profileId,
    platform: record.platform,
    kind: record.kind,
    topic: record.topic,
    model: record.model,
    prompt_version: record.promptVersion,
    retrieval: record.retrieval,
    example_ids: JSON.stringify(record.exampleIds),
    prompt_tokens: Math.round(record.promptTokens),
    completion_tokens: Math.round(record.completionTokens),
    latency_ms: Math.round(record.latencyMs),
    created_at: now,
  };
}
