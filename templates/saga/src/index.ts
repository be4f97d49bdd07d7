/**
 * A trip booking saga: flight, hotel, car. Each step is an operation with a compensation; a step
 * that fails makes the steps done before it undo themselves in reverse order. The hotel step waits
 * durably for the hotel's confirmation (a promise), so the worker may be suspended — or the host
 * restarted — in the middle of the saga.
 */
import {
  createPromise,
  DurablePromise,
  fallibleTransaction,
  infallibleTransaction,
  openBucket,
  operation,
  PayloadValidationError,
  Result,
  resultFn,
  selfWorkerId,
  type PromiseId,
  type TransactionFailure,
} from 'golem-ts';
import { lines, record } from './ledger.js';
import { confirmStay, providers, release, reserve } from './providers.js';
import { isObject, isString, schema } from './schema.js';

interface Trip {
  flight: string;
  hotel: string;
  car: string;
}
type Itinerary = Trip;

interface TripRecord {
  trip: Trip;
  /** The hotel's confirmation promise (`DurablePromise.toString()`). */
  confirmation: string;
  status: 'planned' | 'booked' | 'failed' | 'cancelled';
  itinerary?: Itinerary;
}

const isTrip = (v: unknown): v is Trip => isObject(v) && isString(v.flight) && isString(v.hotel) && isString(v.car);
const TripRecord = schema('a trip record', (v): v is TripRecord => isObject(v) && isTrip(v.trip) && isString(v.confirmation) && isString(v.status));

/** What the hotel posts to the confirmation promise. */
type HotelAnswer = { confirmed: true; reference: string } | { confirmed: false; reason: string };
const HotelAnswer = schema(
  '{"confirmed": true, "reference": string} or {"confirmed": false, "reason": string}',
  (v): v is HotelAnswer => isObject(v) && ((v.confirmed === true && isString(v.reference)) || (v.confirmed === false && isString(v.reason))),
);

const trips = () => openBucket('saga-trips', TripRecord);
const tripKey = () => selfWorkerId().workerName;

async function load(expected: TripRecord['status']): Promise<TripRecord> {
  const rec = await trips().get(tripKey());
  if (!rec) throw new Error('no trip planned: call plan first');
  if (rec.status !== expected) throw new Error(`the trip is ${rec.status}, not ${expected}`);
  return rec;
}

// ---- the operations: a step and how to undo it ----------------------------------------------

const bookFlight = operation<string, string, string>(
  (flight) => reserve('flight', flight),
  (flight, reference) => release('flight', flight, reference),
);

const bookHotel = operation<TripRecord, string, string>(
  async ({ trip, confirmation }) => {
    let answer: HotelAnswer;
    try {
      answer = await DurablePromise.parse(confirmation, HotelAnswer).result(); // the worker suspends here until the hotel answers
    } catch (e) {
      if (e instanceof PayloadValidationError) return Result.err(`hotel ${trip.hotel}: invalid answer (${e.issues.map((i) => i.message).join('; ')})`);
      throw e;
    }
    if (!answer.confirmed) {
      await record(`hotel ${trip.hotel} declined: ${answer.reason}`);
      return Result.err(`hotel ${trip.hotel}: declined (${answer.reason})`);
    }
    return confirmStay(trip.hotel, answer.reference);
  },
  ({ trip }, reference) => release('hotel', trip.hotel, reference),
);

const bookCar = operation<string, string, string>(
  (car) => reserve('car', car),
  (car, reference) => release('car', car, reference),
);

/** Cancelling is an operation too: its compensation books again what it cancelled. */
const cancellation = (provider: 'flight' | 'hotel' | 'car') =>
  operation<{ item: string; reference: string }, void, string>(
    ({ item, reference }) => release(provider, item, reference),
    async ({ item, reference }) => (provider === 'hotel' ? confirmStay(item, reference) : reserve(provider, item)).then((r) => r.map(() => undefined)),
  );
const cancelFlight = cancellation('flight');
const cancelHotel = cancellation('hotel');
const cancelCar = cancellation('car');

function explain(failure: TransactionFailure<string>): string {
  return failure.type === 'FailedAndRolledBackCompletely'
    ? `${failure.error}; the steps done before were undone`
    : `${failure.error}; undoing the steps done before failed: ${failure.compensationFailure}`;
}

// ---- exports ----------------------------------------------------------------------------------

export const api = {
  plan: resultFn(async (trip: Trip): Promise<PromiseId> => {
    for (const [field, value] of Object.entries(trip)) if (value.trim() === '') throw new Error(`${field} must not be empty`);
    const existing = await trips().get(tripKey());
    if (existing && (existing.status === 'planned' || existing.status === 'booked')) throw new Error(`the trip is already ${existing.status}`);
    const confirmation = createPromise(HotelAnswer);
    await trips().set(tripKey(), { trip, confirmation: confirmation.toString(), status: 'planned' });
    return confirmation.id;
  }),

  book: resultFn(async (): Promise<Itinerary> => {
    const rec = await load('planned');
    const booked = await fallibleTransaction<Itinerary, string>(async (tx) => {
      const flight = await tx.execute(bookFlight, rec.trip.flight);
      if (flight.isErr()) return flight;
      const hotel = await tx.execute(bookHotel, rec);
      if (hotel.isErr()) return hotel;
      const car = await tx.execute(bookCar, rec.trip.car);
      if (car.isErr()) return car;
      return Result.ok({ flight: flight.val, hotel: hotel.val, car: car.val });
    });
    if (booked.isErr()) {
      await trips().set(tripKey(), { ...rec, status: 'failed' });
      throw new Error(explain(booked.val));
    }
    await trips().set(tripKey(), { ...rec, status: 'booked', itinerary: booked.val });
    return booked.val;
  }),

  cancel: resultFn(async (): Promise<void> => {
    const rec = await load('booked');
    const { trip, itinerary } = rec as Required<TripRecord>;
    await infallibleTransaction(async (tx) => {
      await tx.execute(cancelCar, { item: trip.car, reference: itinerary.car });
      await tx.execute(cancelHotel, { item: trip.hotel, reference: itinerary.hotel });
      await tx.execute(cancelFlight, { item: trip.flight, reference: itinerary.flight });
    });
    await trips().set(tripKey(), { ...rec, status: 'cancelled' });
  }),

  ledger: lines,
};

export { providers };
