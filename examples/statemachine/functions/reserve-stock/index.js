// Reserves stock for one order line; an unknown SKU is an error the flow sees as `UnknownSku`.
const STOCK = { 'tea-set': 20, 'green-tea': 200, 'tea-cups': 50 };

exports.handler = async (event) => {
  const { sku, quantity } = JSON.parse(event.toString());
  if (!(sku in STOCK)) {
    const e = new Error(`no such SKU: ${sku}`);
    e.name = 'UnknownSku';
    throw e;
  }
  if (quantity > STOCK[sku]) return { reservation: null, backordered: quantity - STOCK[sku] };
  return { reservation: `R-${sku}-${quantity}` };
};
