// Charges an order. Amounts above 500 are declined with `PaymentDeclined`, which the flow catches
// per order (the other orders go on).
exports.handler = async (event) => {
  const { orderId, amount } = JSON.parse(event.toString());
  if (amount > 500) {
    const e = new Error(`order ${orderId}: ${amount} is above the card's limit`);
    e.name = 'PaymentDeclined';
    throw e;
  }
  return { receipt: `receipt-${orderId}` };
};
