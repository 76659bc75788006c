// The event types a user or webhook can choose: the events module's list.
export { ORDER_EVENT_TYPES } from '../events/order-events';
