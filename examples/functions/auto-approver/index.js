// waitForCallback task that answers itself: it receives the task token through inputMappings and
// reports the decision back with the official Serverless Workflow SDK, exactly as deployed code
// does in the cloud. Locally the engine sets FNF_ENDPOINT to its loopback FnF-compatible API and
// passes that API's key pair as the credentials, so the same code needs no change.
const FnF = require('@alicloud/fnf-2019-03-15');

exports.handler = async (event, context) => {
  const { taskToken, orderId, amount } = JSON.parse(event.toString());
  if (!context.credentials.accessKeyId) {
    // `fdl run` starts no local API; the step then waits for a report from elsewhere
    // (`fdl report-success`, or Approve in VS Code).
    context.logger.warn('no Serverless Workflow endpoint/credentials: leaving the decision to a person');
    return {};
  }
  const client = new FnF({
    endpoint: process.env.FNF_ENDPOINT || `https://${context.region}.fnf.aliyuncs.com`,
    accessKeyId: context.credentials.accessKeyId,
    accessKeySecret: context.credentials.accessKeySecret,
    securityToken: context.credentials.securityToken,
    opts: { timeout: 10000 },
  });
  const limit = Number(process.env.AUTO_APPROVE_LIMIT || 100);
  if (amount > limit) {
    await client.reportTaskFailed({ TaskToken: taskToken, Error: 'NeedsManager', Cause: `order ${orderId}: ${amount} is above the automatic limit ${limit}` });
  } else {
    await client.reportTaskSucceeded({ TaskToken: taskToken, Output: JSON.stringify({ approved: true, approvedBy: 'auto-approver' }) });
  }
  return {};
};
