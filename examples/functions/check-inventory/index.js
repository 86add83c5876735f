// requestResponse task: the flow waits for this return value and merges it into its local.
// The FC Node.js runtime hands the event over as a Buffer holding the task's input JSON.
exports.handler = async (event, context) => {
  const { sku = 'unknown', quantity = 1 } = JSON.parse(event.toString());
  const threshold = Number(process.env.LOW_STOCK_THRESHOLD || 5);
  // A stand-in for a stock lookup: every SKU starting with "out-" is sold out.
  const inStock = !String(sku).startsWith('out-');
  context.logger.info(`checked ${sku} x${quantity}: ${inStock ? 'in stock' : 'sold out'}`);
  return { inStock, lowStock: inStock && quantity > threshold, checkedBy: context.function.name };
};
