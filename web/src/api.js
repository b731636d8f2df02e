// Requests to the JSON API of `llmtco serve` (docs/serve.md). A failed request
// rejects with an Error whose message is the server's one line ({"error": ...}).

async function request(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new Error(`the server did not answer (${error.message})`);
  }
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}: the reply is not JSON`);
  }
  if (!response.ok) {
    throw new Error(typeof body.error === 'string' ? body.error : `HTTP ${response.status}`);
  }
  return body;
}

export function postJson(path, body, signal) {
  return request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

export function getJson(path, signal) {
  return request(path, { signal });
}
