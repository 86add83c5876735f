// WaitForCustomCallback task: the function only tells the manager that a decision is needed and
// returns. The state keeps waiting until ReportTaskSucceeded / ReportTaskFailed arrives with the task
// token — in Flow Studio, from Approve / Reject under "Waiting for callback" (output e.g.
// {"approved": true, "comment": "enjoy"}).
exports.handler = async (event, context) => {
  const { taskToken, employee, days, reason } = JSON.parse(event.toString());
  context.logger.info(`leave request: ${employee}, ${days} day(s), ${reason}; token ${String(taskToken).slice(0, 12)}…`);
  return { notified: true };
};
