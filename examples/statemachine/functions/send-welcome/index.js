// Writes the greeting the flow built with built-in functions (here to the function's log).
exports.handler = async (event, context) => {
  const { userId, greeting, language } = JSON.parse(event.toString());
  context.logger.info(`[${language || 'en'}] to ${userId}: ${greeting}`);
  return { sent: true };
};
