import { describe, expect, it } from 'vitest';
import { ConfigInvalidError } from '../core/errors.js';
import { defaultDirs, loadConfig, sqlitePath } from './config.js';

describe('loadConfig', () => {
  it('uses the user data folder and embedded defaults when nothing is set', () => {
    const config = loadConfig({ HOME: '/home/ann' });
    expect(config.dataDir).toBe('/home/ann/.local/share/smm');
    expect(config.cacheDir).toBe('/home/ann/.cache/smm');
    expect(config.workspace).toBe('default');
    expect(config.llm.provider).toBe('embedded');
    expect(config.embedder).toBe('builtin');
    expect(config.databaseUrl).toBeUndefined();
    expect(sqlitePath(config)).toBe('/home/ann/.local/share/smm/smm.sqlite');
  });

  it('gives a whole embedded generation minutes and a server 60 s, unless SMM_LLM_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({ HOME: '/h' }).llm.timeoutMs).toBe(300_000);
    expect(loadConfig({ HOME: '/h', SMM_LLM: 'ollama' }).llm.timeoutMs).toBe(60_000);
    expect(loadConfig({ HOME: '/h', SMM_LLM: 'openai', SMM_OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).llm.timeoutMs).toBe(60_000);
    expect(loadConfig({ HOME: '/h', SMM_LLM_TIMEOUT_MS: '90000' }).llm.timeoutMs).toBe(90_000);
  });

  it('lets flags win over the environment', () => {
    const config = loadConfig({ HOME: '/h', SMM_HOME: '/env-home', SMM_WORKSPACE: 'env' }, { dataDir: '/flag-home', workspace: 'flag' });
    expect(config.dataDir).toBe('/flag-home');
    expect(config.cacheDir).toBe('/flag-home/cache');
    expect(config.workspace).toBe('flag');
  });

  it('reads the model, database and server settings from the environment', () => {
    const config = loadConfig({
      HOME: '/h',
      SMM_LLM: 'ollama',
      SMM_OLLAMA_URL: '127.0.0.1:11434',
      SMM_MODEL: 'llama3.2',
      SMM_DATABASE_URL: 'postgres://u@db/smm',
      SMM_PORT: '9000',
      SMM_CORS_ORIGINS: 'http://a.test, http://b.test',
      SMM_PER_USER_PROFILES: 'true',
    });
    expect(config.llm).toMatchObject({ provider: 'ollama', model: 'llama3.2', baseUrl: 'http://127.0.0.1:11434' });
    expect(config.databaseUrl).toBe('postgres://u@db/smm');
    expect(config.server).toMatchObject({ port: 9000, corsOrigins: ['http://a.test', 'http://b.test'], perUserProfiles: true });
  });

  it('reads per-platform limits (paid X, a Mastodon server) and hashtag ceilings', () => {
    const config = loadConfig({ HOME: '/h', SMM_PLATFORM_LIMITS: 'x=25000, mastodon=1000', SMM_PLATFORM_MAX_HASHTAGS: 'instagram=30' });
    expect(config.platformLimits).toEqual({ x: 25000, mastodon: 1000 });
    expect(config.platformMaxHashtags).toEqual({ instagram: 30 });
    expect(() => loadConfig({ HOME: '/h', SMM_PLATFORM_LIMITS: 'myspace=10' })).toThrow(/SMM_PLATFORM_LIMITS/);
    expect(() => loadConfig({ HOME: '/h', SMM_PLATFORM_LIMITS: 'x=lots' })).toThrow(/SMM_PLATFORM_LIMITS/);
  });

  it('names the setting to fix when a value is wrong', () => {
    expect(() => loadConfig({ HOME: '/h', SMM_LLM: 'gpt' })).toThrow(ConfigInvalidError);
    try {
      loadConfig({ HOME: '/h', SMM_PORT: 'eighty' });
    } catch (error) {
      expect((error as ConfigInvalidError).hint).toMatch(/SMM_PORT/);
    }
    expect(() => loadConfig({ HOME: '/h', SMM_LLM: 'openai' })).toThrow(/SMM_OPENAI_BASE_URL/);
    expect(() => loadConfig({ HOME: '/h', SMM_EMBEDDER: 'magic' })).toThrow(/embedder/);
  });

  it('knows the data folders of macOS and Windows', () => {
    expect(defaultDirs({ HOME: '/Users/ann' }, 'darwin').data).toBe('/Users/ann/Library/Application Support/smm');
    expect(defaultDirs({ HOME: 'C:/Users/ann', LOCALAPPDATA: 'C:/Users/ann/AppData/Local' }, 'win32').data).toContain('smm');
  });
});
