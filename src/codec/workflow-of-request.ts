// Which workflow a codec request's payloads belong to, so a decode is audited with it. The remote
// codec protocol carries no workflow id: the CLI can send one (--codec-header X-Workflow-Id=...),
// and the Temporal UI's page address (Referer, when the browser sends its path) names it as
// /namespaces/NS/workflows/WORKFLOW_ID/RUN_ID/... Workflow ids carry no personal data (DESIGN.md).
import type { IncomingHttpHeaders } from 'node:http';

const MAX_ID = 255;
const UI_WORKFLOW_PATH = /\/namespaces\/[^/]+\/workflows\/([^/?#]+)/;

export function workflowOfCodecRequest(headers: IncomingHttpHeaders): string | undefined {
  const declared = headers['x-workflow-id'];
  if (typeof declared === 'string' && declared.trim() !== '') return declared.trim().slice(0, MAX_ID);
  const referer = headers.referer;
  if (typeof referer !== 'string') return undefined;
  const match = UI_WORKFLOW_PATH.exec(referer);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]).slice(0, MAX_ID);
  } catch {
    return undefined;
  }
}
