// The surface of src/core/importers: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export type { ExportFile, ExportSource, SkippedEntry } from './export-source.js';
export { EXPORT_CONTENT_TYPES, EXPORT_FORMATS } from './export-writer.js';
export type { ExportFormat } from './export-writer.js';
export { IMPORT_FORMATS } from './import-item.js';
export type { ImportFormat } from './import-item.js';
export type { ImportService } from './import-service.js';
export type { ImportBatch, ImportReadJob, OffThreadReader } from './import-batches.js';

// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadImportService = async () => { const { ImportService } = await import('./import-service.js'); return { ImportService }; };
export const loadReadImportBatches = async () => { const { readImportBatches } = await import('./import-batches.js'); return { readImportBatches }; };
