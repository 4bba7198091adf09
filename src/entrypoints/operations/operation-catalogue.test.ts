import { describe, expect, it } from 'vitest';
import { API_PREFIX, OPERATIONS, findOperation } from './operation-catalogue.js';
import { pathParameterNames } from './operation.js';

describe('the operation catalogue', () => {
  it('names every operation once, in snake_case, with a description a model can act on', () => {
    const names = OPERATIONS.map((operation) => operation.name);
    expect(new Set(names).size).toBe(names.length);
    for (const operation of OPERATIONS) {
      expect(operation.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(operation.description.length, operation.name).toBeGreaterThan(40);
      expect(findOperation(operation.name)).toBe(operation);
    }
    expect(findOperation('no_such_operation')).toBeUndefined();
  });

  it('takes every path value from its one input schema', () => {
    for (const operation of OPERATIONS) {
      expect(operation.path.startsWith('/'), operation.name).toBe(true);
      expect(operation.path.startsWith(API_PREFIX), `${operation.name}: paths are relative to ${API_PREFIX}`).toBe(false);
      for (const name of pathParameterNames(operation)) expect(Object.keys(operation.input.shape), `${operation.name} {${name}}`).toContain(name);
    }
  });

  it('gives each method and path to one operation, and marks only GETs as cacheable', () => {
    const routes = OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const operation of OPERATIONS) {
      if (operation.cacheable) expect(operation.method, operation.name).toBe('GET');
      if (operation.method === 'GET') expect(operation.readOnly, operation.name).toBe(true);
    }
  });
});
