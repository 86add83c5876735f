// sync task: invoked asynchronously; the flow waits until the function finishes.
// A card number ending in 0000 is declined, so the flow's catch path can be tried.
class PaymentDeclined extends Error {
  constructor(message) {
    super(message);
    this.name = 'PaymentDeclined';
  }
}

exports.handler = async (event, context) => {
  const { orderId, amount, card = '' } = JSON.parse(event.toString());
  if (String(card).endsWith('0000')) throw new PaymentDeclined(`card ending 0000 declined for order ${orderId}`);
  context.logger.info(`charged ${amount} for order ${orderId}`);
  return { paymentId: `pay-${orderId}`, charged: amount };
};
