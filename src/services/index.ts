/** The public surface of the services (DOMAIN §8): every function is `fn(tx, input)`. */
export * from './errors'
export { formatMoney } from './money'
export {
  createEvent,
  getEvent,
  listEvents,
  updateEvent,
  deleteEvent,
  createEventInputSchema,
  updateEventInputSchema,
  type EventDto,
  type CreateEventInput,
  type UpdateEventInput,
  type DeleteEventOptions,
} from './events'
