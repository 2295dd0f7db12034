/**
 * PostgreSQL through node-postgres (`pg`): a connection pool shared by every request of this
 * instance, and any number of instances on the same database. Statements are written with `?`
 * (as for SQLite) and numbered here. Migrations run under a session advisory lock, so instances
 * starting together apply each one exactly once (postgresql.org/docs/current/explicit-locking.html,
 * "Advisory Locks"). Losing the server is reported as StorageUnavailableError (503) rather than
 * hanging: the pool gives up on a connection after `connectTimeoutMs` and reconnects by itself
 * once the server is back.
 */
import pg from 'pg';
import {
  type Database,
  type Migration,
  type Param,
  type Row,
  type Sql,
  StorageUnavailableError,
} from './sql';

export interface PostgresOptions {
  /** Connections this instance keeps at most. */
  poolSize?: number;
  /** How long a request waits for a connection before answering 503. */
  connectTimeoutMs?: number;
}

/** Any constant shared by every instance of this app: the key of the migration lock. */
const MIGRATION_LOCK = 7_412_590_231;

/** `?` → `$1, $2, …` (our SQL has no `?` inside string literals). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// SQLSTATE classes 08 (connection exception), 57P0x (server shutting down or starting), 53300.
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function wrap(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = String(Reflect.get(error, 'code') ?? '');
  const lost =
    UNAVAILABLE_STATES.test(code) ||
    UNAVAILABLE_ERRNOS.has(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      error.message,
    );
  return lost
    ? new StorageUnavailableError(`PostgreSQL is unreachable: ${error.message}`, { cause: error })
    : error;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

function face(client: Queryable, transaction: Sql['transaction']): Sql {
  const query = async (sql: string, params: readonly Param[] = []) => {
    try {
      return await client.query(numbered(sql), [...params]);
    } catch (error) {
      throw wrap(error);
    }
  };
  return {
    dialect: 'postgres',
    all: async (sql, params) => (await query(sql, params)).rows as Row[],
    get: async (sql, params) => (await query(sql, params)).rows[0] as Row | undefined,
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
    transaction,
  };
}

export function postgresDatabase(url: string, options: PostgresOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // BIGINT (millisecond times) as a number: every value we store is below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (a restart) must not crash the process; the next
  // query opens a new one.
  pool.on('error', () => {});

  const connect = async () => {
    try {
      return await pool.connect();
    } catch (error) {
      throw wrap(error);
    }
  };

  async function transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await connect();
    let broken = false;
    try {
      const tx = face(client, (inner) => inner(tx));
      await tx.run('BEGIN');
      try {
        const result = await fn(tx);
        await tx.run('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
    } catch (error) {
      broken ||= error instanceof StorageUnavailableError;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async function migrate(migrations: readonly Migration[]): Promise<string[]> {
    const client = await connect();
    const db = face(client, (fn) => fn(db));
    const applied: string[] = [];
    try {
      await db.run('SELECT pg_advisory_lock(?)', [MIGRATION_LOCK]);
      await db.run(`CREATE TABLE IF NOT EXISTS migrations (
        id TEXT PRIMARY KEY,
        applied_at BIGINT NOT NULL
      )`);
      const seen = new Set(
        (await db.all('SELECT id FROM migrations')).map((row) => String(row.id)),
      );
      for (const migration of migrations) {
        if (seen.has(migration.id)) continue;
        await db.run('BEGIN');
        try {
          await client.query(migration.postgres ?? migration.sql);
          await db.run('INSERT INTO migrations (id, applied_at) VALUES (?, ?)', [
            migration.id,
            Date.now(),
          ]);
          await db.run('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw wrap(error);
        }
        applied.push(migration.id);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  }

  return {
    ...face(pool, transaction),
    migrate,
    close: () => pool.end(),
  };
}
