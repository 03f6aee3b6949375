import type { Knex } from 'knex';
import { waitFor } from './waitFor';

/**
 * Holds `table` so that the next statement on it waits, starts `send` (e.g.
 * a request to a backend on the same PostgreSQL database), then, once a
 * statement waits, terminates every other connection to the database, as a
 * database restart would, lets go, and returns what `send` gave.
 */
export async function terminateConnectionsWhileWaitingOn<T>(
  knex: Knex,
  table: string,
  send: () => PromiseLike<T>,
): Promise<T> {
  const hold = await knex.transaction();
  try {
    const {
      rows: [{ pid }],
    } = await hold.raw('SELECT pg_backend_pid() AS pid');
    await hold.raw(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    // Started now: a supertest request is sent only once awaited.
    const pending = Promise.resolve(send());
    await waitFor(`a statement waits on ${table}`, async () => {
      // Not in `hold`: a transaction sees one snapshot of the activity.
      const { rows } = await knex.raw(
        "SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return Number(rows[0].waiting) > 0;
    });
    const { rows: terminated } = await hold.raw(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> ?',
      [pid],
    );
    if (terminated.length === 0) {
      throw new Error(
        'no connection to terminate: is the backend on this database?',
      );
    }
    await hold.rollback();
    return await pending;
  } finally {
    if (!hold.isCompleted()) await hold.rollback();
  }
}
