/**
 * Citizen requests (接诉即办, `@work-orders`): 12345 work orders dispatched down the tree to a
 * station, deadlines per urgency in the city's time zone, contacts, actions, extensions, closing,
 * callbacks, the three rates, and intake from the hotline's system.
 * Tables: work_order_category, work_order_policy, work_order, work_order_move, work_order_contact,
 * work_order_extension, work_order_intake_key.
 */
export { WorkOrdersModule } from './work-orders.module';
export { Clock } from './clock';
export { insertDefaultWorkOrderCategories } from './work-order-policy.service';
export { RATES_SQL } from './work-order-rates.service';
