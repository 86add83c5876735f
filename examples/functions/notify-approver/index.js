// waitForCallback task: the function only tells someone that a decision is needed and returns.
// The step keeps waiting until ReportTaskSucceeded/ReportTaskFailed arrives with the task token —
// in Flow Studio, from the Approve / Reject buttons under "Waiting for callback".
exports.handler = async (event, context) => {
  const { taskToken, employee, amount, reason } = JSON.parse(event.toString());
  context.logger.info(`approval needed: ${employee} asks for ${amount} (${reason}); token ${String(taskToken).slice(0, 12)}…`);
  return { notified: true };
};
