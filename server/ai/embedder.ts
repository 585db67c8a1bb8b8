// Text as vectors whose closeness is closeness of meaning: what finds "my card got nicked" in an
// article about stolen cards when no word is shared. The port is small so the knowledge base never
// learns which service made the vectors; the adapter is Gemini's embedContent (batchEmbedContents
// on the Gemini API), through the same client (and retry settings) as the answers.
import type { GoogleGenAI } from '@google/genai'

export interface Embedder {
  /** Vectors of different models are not comparable: stored with this name, and compared only to it. */
  readonly model: string
  /**
   * One vector per text, in order. `document` for help passages, `query` for a customer's question:
   * the model places a question near the passages that answer it, not near other questions.
   */
  embed(texts: readonly string[], kind: 'document' | 'query', signal?: AbortSignal): Promise<Float32Array[]>
}

export const EMBEDDING_MODEL = 'gemini-embedding-001'
/**
 * Dimensions asked of the model: its vectors are trained to keep their meaning when cut short
 * (Matryoshka), and 768 floats (3 KB a passage) keep a 500-article help center's vectors near 7 MB.
 */
export const EMBEDDING_DIMENSIONS = 768
/** The API embeds at most 100 texts per call. */
export const EMBED_BATCH_MAX = 100

export function geminiEmbedder(client: GoogleGenAI, model = EMBEDDING_MODEL): Embedder {
  return {
    model,
    async embed(texts, kind, signal) {
      const vectors: Float32Array[] = []
      for (let start = 0; start < texts.length; start += EMBED_BATCH_MAX) {
        const batch = texts.slice(start, start + EMBED_BATCH_MAX)
        const response = await client.models.embedContent({
          model,
          contents: [...batch],
          config: { taskType: kind === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT', outputDimensionality: EMBEDDING_DIMENSIONS, ...(signal ? { abortSignal: signal } : {}) },
        })
        const embeddings = response.embeddings ?? []
        if (embeddings.length !== batch.length) throw new Error(`Gemini returned ${embeddings.length} embeddings for ${batch.length} texts`)
        for (const embedding of embeddings) {
          const values = embedding.values ?? []
          if (values.length === 0) throw new Error('Gemini returned an empty embedding')
          vectors.push(normalised(Float32Array.from(values)))
        }
      }
      return vectors
    },
  }
}

/** To unit length, so that a dot product is the cosine: a cut-short vector is not unit length any more. */
export function normalised(vector: Float32Array): Float32Array {
  let norm = 0
  for (const value of vector) norm += value * value
  norm = Math.sqrt(norm)
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) / norm
  return vector
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number)
  return sum
}
