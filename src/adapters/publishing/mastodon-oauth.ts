import { createOAuthAPIClient, createRestAPIClient } from 'masto';
import { mastodonError } from './mastodon-publisher.js';

const REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob';
export const MASTODON_SCOPES = 'read:accounts write:statuses';

export interface OobApp {
  instance: string;
  clientId: string;
  clientSecret: string;
  /** Where the person logs in and approves; the instance then shows a code to paste back. */
  authorizeUrl: string;
}

/**
 * The OAuth out-of-band flow: register an app on the instance, send the
 * person to its authorize page, exchange the code they paste for a token.
 * No callback server is needed.
 */
export async function registerOobApp(instance: string): Promise<OobApp> {
  try {
    const app = await createRestAPIClient({ url: instance, timeout: 30_000 }).v1.apps.create({ clientName: 'smm (Social Media Manager Assistant)', redirectUris: REDIRECT_URI, scopes: MASTODON_SCOPES });
    if (!app.clientId || !app.clientSecret) throw new Error('the instance returned no client id or secret');
    const authorize = new URL('/oauth/authorize', instance);
    authorize.search = new URLSearchParams({ client_id: app.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: MASTODON_SCOPES }).toString();
    return { instance, clientId: app.clientId, clientSecret: app.clientSecret, authorizeUrl: authorize.toString() };
  } catch (error) {
    throw mastodonError(error, `Registering smm as an app on ${instance}`);
  }
}

export async function exchangeOobCode(app: OobApp, code: string): Promise<string> {
  try {
    const token = await createOAuthAPIClient({ url: app.instance, timeout: 30_000 }).token.create({
      grantType: 'authorization_code',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: REDIRECT_URI,
      code: code.trim(),
      scope: MASTODON_SCOPES,
    });
    return token.accessToken;
  } catch (error) {
    throw mastodonError(error, `Exchanging the authorization code at ${app.instance}`);
  }
}
