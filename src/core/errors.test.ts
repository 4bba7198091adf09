import { describe, expect, it } from 'vitest';
import {
  AppError,
  CancelledError,
  ConfigInvalidError,
  ForbiddenError,
  GuidanceNotFoundError,
  IndexUnavailableError,
  InvalidTransitionError,
  NotFoundError,
  PostNotFoundError,
  PostRulesViolatedError,
  ProfileNotFoundError,
  StorageUnavailableError,
  toAppError,
  UnsupportedFormatError,
} from './errors.js';

describe('AppError', () => {
  it('carries its code, details, hint, cause and the subclass name', () => {
    const cause = new Error('disk full');
    const error = new NotFoundError('api_key', '7', 'List keys.');
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ name: 'NotFoundError', code: 'not_found', details: { entity: 'api_key', key: '7' }, hint: 'List keys.' });
    expect(error.message).toBe('No api key "7".');
    expect(new AppError('internal', 'x', { cause }).cause).toBe(cause);
    expect('cause' in new AppError('internal', 'x')).toBe(false);
    expect(new AppError('internal', 'x').details).toEqual({});
  });

  it('tells an AppError from anything else', () => {
    expect(AppError.isInstance(new CancelledError())).toBe(true);
    expect(AppError.isInstance(new Error('plain'))).toBe(false);
    expect(AppError.isInstance({ code: 'internal', message: 'look-alike' })).toBe(false);
  });

  it('wraps anything thrown as an internal error that keeps the original, and leaves an AppError as it is', () => {
    const original = new TypeError('boom');
    expect(toAppError(original)).toMatchObject({ code: 'internal', message: 'boom', cause: original });
    expect(toAppError('a string')).toMatchObject({ code: 'internal', message: 'a string' });
    const app = new CancelledError('Stopped.');
    expect(toAppError(app)).toBe(app);
    expect(app).toMatchObject({ code: 'cancelled', message: 'Stopped.' });
    expect(new CancelledError().message).toBe('Cancelled.');
  });
});

describe('the errors people read', () => {
  it('names the known profiles (at most 20) or says the workspace has none, with the command to create one', () => {
    const known = Array.from({ length: 25 }, (_, index) => `p${String(index).padStart(2, '0')}`);
    const many = new ProfileNotFoundError('acme', 'team', known);
    expect(many.message).toBe('No profile "acme".');
    expect(many.hint).toBe(`Known profiles in workspace "team": ${known.slice(0, 20).join(', ')}. Create one with \`smm profile add acme\`.`);
    expect(new ProfileNotFoundError('acme', 'team').hint).toBe('Workspace "team" has no profiles yet. Create one with `smm profile add acme`.');
  });

  it('says where a post can go from its status, or that the status is final', () => {
    const error = new InvalidTransitionError('draft', 'published', ['approved', 'archived']);
    expect(error).toMatchObject({ code: 'invalid_transition', details: { from: 'draft', to: 'published', allowed: ['approved', 'archived'] } });
    expect(error.message).toBe('A post cannot go from "draft" to "published".');
    expect(error.hint).toBe('From "draft" it can go to: approved, archived.');
    expect(new InvalidTransitionError('archived', 'draft', []).hint).toBe('"archived" is final.');
  });

  it('counts the broken rules, lists them and names the move that force would make', () => {
    const one = new PostRulesViolatedError(4, 'approved', [{ rule: 'length', message: 'Too long.' }]);
    expect(one.message).toBe('Post 4 breaks 1 rule, so it was not approved: Too long.');
    expect(one.hint).toBe('Fix the text (smm post edit 4 --text "…") and try again, or pass force (--force) to approve it as it is.');
    expect(one.details).toEqual({ postId: 4, violations: [{ rule: 'length', message: 'Too long.' }] });
    const two = new PostRulesViolatedError(undefined, 'scheduled', [
      { rule: 'length', message: 'Too long.' },
      { rule: 'hashtags', message: 'Too many hashtags.' },
    ]);
    expect(two.message).toBe('The post breaks 2 rules, so it was not scheduled: Too long. Too many hashtags.');
    expect(two.hint).toBe('Fix the text (smm post edit ID --text "…") and try again, or pass force (--force) to schedule it as it is.');
  });

  it('tells learnt from removed guidance and lists the known ids', () => {
    const learnt = new GuidanceNotFoundError('acme', 'g9', ['g1', 'g2'], false);
    expect(learnt.message).toBe('@acme has no learnt guidance "g9".');
    expect(learnt.hint).toBe('Known ids: g1, g2. See them with `smm voice guidance list acme`.');
    expect(learnt.details).toEqual({ entity: 'voice_guidance', key: 'g9', known: ['g1', 'g2'] });
    const removed = new GuidanceNotFoundError('acme', 'g9', [], true);
    expect(removed.message).toBe('@acme has no removed guidance "g9".');
    expect(removed.hint).toBe('Nothing was removed; `smm voice guidance list acme` shows what the edits taught.');
    expect(new GuidanceNotFoundError('acme', 'g9', [], false).hint).toBe(
      'Nothing is learnt yet; `smm voice guidance list acme` shows what the edits taught.',
    );
  });

  it('points a missing post at the list command', () => {
    expect(new PostNotFoundError(12)).toMatchObject({ message: 'No post "12".', details: { entity: 'post', key: '12' } });
    expect(new PostNotFoundError(12).hint).toContain('smm post list');
  });

  it('says whether an unreachable index is worth retrying, in the error and its details', () => {
    expect(new IndexUnavailableError('down', undefined, undefined, { retryable: true })).toMatchObject({ retryable: true, details: { retryable: true } });
    expect(new IndexUnavailableError('bad query')).toMatchObject({ retryable: false, details: { retryable: false } });
  });

  it('keeps the hint, cause and details each front door shows', () => {
    const cause = new Error('ECONNREFUSED');
    expect(new StorageUnavailableError('Database down.', cause, 'Start PostgreSQL.')).toMatchObject({ code: 'storage_unavailable', cause, hint: 'Start PostgreSQL.' });
    expect(new ConfigInvalidError('Bad key.', 'Set SMM_SECRET_KEY.')).toMatchObject({ code: 'config_invalid', hint: 'Set SMM_SECRET_KEY.' });
    expect(new ForbiddenError('Not yours.', 'Ask the owner.')).toMatchObject({ code: 'forbidden', hint: 'Ask the owner.' });
    expect(new UnsupportedFormatError('Unknown export.', 'Name the format.', { file: 'a.zip' })).toMatchObject({
      code: 'unsupported_format',
      hint: 'Name the format.',
      details: { file: 'a.zip' },
    });
  });
});
