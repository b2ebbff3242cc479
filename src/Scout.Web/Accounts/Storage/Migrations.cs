namespace Scout.Web.Accounts.Storage;

/// <summary>One numbered step of the schema. Applied once, in order, recorded in <c>schema_version</c>.</summary>
public sealed record Migration(int Version, string Description, string Sql);

/// <summary>
/// The schema as a list of numbered migrations. Never edit a released migration: append a new one,
/// so every existing database reaches the same shape.
/// </summary>
public static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "accounts, users, memberships, servers, agent keys", """
            CREATE TABLE accounts (
                id      TEXT PRIMARY KEY,
                name    TEXT NOT NULL COLLATE NOCASE UNIQUE,
                created INTEGER NOT NULL
            );
            CREATE TABLE users (
                id            TEXT PRIMARY KEY,
                email         TEXT NOT NULL COLLATE NOCASE UNIQUE,
                password_hash TEXT NOT NULL,
                created       INTEGER NOT NULL
            );
            CREATE TABLE memberships (
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role       TEXT NOT NULL CHECK (role IN ('owner', 'member')),
                PRIMARY KEY (account_id, user_id)
            );
            CREATE INDEX memberships_by_user ON memberships(user_id);
            CREATE TABLE servers (
                id         TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                hostname   TEXT NOT NULL COLLATE NOCASE,
                first_seen INTEGER NOT NULL,
                last_seen  INTEGER NOT NULL,
                UNIQUE (account_id, hostname)
            );
            CREATE TABLE agent_keys (
                id         TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                hash       BLOB NOT NULL,
                label      TEXT NOT NULL DEFAULT '',
                created    INTEGER NOT NULL,
                revoked    INTEGER NULL
            );
            CREATE INDEX agent_keys_by_account ON agent_keys(account_id);
            """),
        new(2, "minute reports (history)", """
            CREATE TABLE reports (
                server_id    TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
                report_id    TEXT NOT NULL,
                time         INTEGER NOT NULL,
                received     INTEGER NOT NULL,
                interval_ms  INTEGER NOT NULL,
                samples      INTEGER NOT NULL,
                cpu_avg REAL, cpu_max REAL,
                mem_used_avg REAL, mem_used_max REAL,
                mem_avail_avg REAL, mem_avail_max REAL,
                swap_used_avg REAL, swap_used_max REAL,
                load1_avg REAL, load1_max REAL,
                load5_avg REAL, load5_max REAL,
                load15_avg REAL, load15_max REAL,
                net_rx_avg REAL, net_rx_max REAL,
                net_tx_avg REAL, net_tx_max REAL,
                disk_read_avg REAL, disk_read_max REAL,
                disk_write_avg REAL, disk_write_max REAL,
                detail       TEXT NOT NULL,
                PRIMARY KEY (server_id, report_id)
            );
            CREATE INDEX reports_by_time ON reports(server_id, time);
            CREATE INDEX reports_by_age ON reports(time);
            """),
        new(3, "logins ended by logout", """
            CREATE TABLE ended_logins (
                id      TEXT PRIMARY KEY,
                expires INTEGER NOT NULL
            );
            """),
    ];

    public static int Latest => All[^1].Version;
}
