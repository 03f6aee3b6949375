import { Knex } from 'knex';

/**
 * Serialises transactions that take the same lock, across replicas, until
 * the transaction ends: on PostgreSQL an advisory lock; SQLite allows one
 * writer at a time anyway.
 */
export async function lockTransaction(tx: Knex.Transaction, name: string) {
  if (tx.client.dialect === 'postgresql') {
    await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [name]);
  }
}
