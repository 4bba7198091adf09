import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Config } from '../../app/config.js';
import { intentResponder } from './intent-responder.js';
import { ScriptedAssistantModel } from './scripted-assistant-model.js';

/**
 * The /v1 assistant's chat model, from config. OpenAI-compatible servers and
 * Ollama get a LangChain model with tool calling (loaded only when used);
 * the embedded llama.cpp default and the `scripted` provider get the
 * pattern-based intent responder, because small embedded models do not call
 * tools reliably: it understands plain requests and says how to get a full
 * conversational assistant.
 */
export async function createAssistantModel(llm: Config['llm']): Promise<BaseChatModel> {
  switch (llm.provider) {
    case 'openai': {
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({
        model: llm.model ?? 'gpt-4o-mini',
        apiKey: llm.apiKey ?? 'not-needed',
        configuration: llm.baseUrl ? { baseURL: llm.baseUrl } : undefined,
        maxRetries: 1,
        timeout: llm.timeoutMs,
        streamUsage: true,
        temperature: 0.3,
      });
    }
    case 'ollama': {
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({ model: llm.model ?? 'llama3.1', baseUrl: llm.baseUrl, temperature: 0.3 });
    }
    case 'embedded':
    case 'scripted':
      return new ScriptedAssistantModel(intentResponder);
  }
}
