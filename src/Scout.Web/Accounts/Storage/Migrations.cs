namespace Scout.Web.Accounts.Storage;

/// <summary>One numbered step of the schema. Applied once, in order, recorded in <c>schema_version</c>.</summary>
public sealed record Migration(int Version, string Description, string Sql);

/// <summary>
/// The schema as a list of numbered migrations, one list for both providers. Never edit a released
/// migration: append a new one, so every existing database reaches the same shape. The SQL is what SQLite
/// and PostgreSQL share, with a few tokens each provider spells its own way (<see cref="SqlDialect.Schema"/>):
/// <c>{int}</c> 64-bit integer, <c>{real}</c> 64-bit float, <c>{blob}</c> bytes, <c>{nocase}</c> a text column
/// compared without case. For SQLite the tokens give back exactly the text released before PostgreSQL came.
/// </summary>
public static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "accounts, users, memberships, servers, agent keys", """
            CREATE TABLE accounts (
                id      TEXT PRIMARY KEY,
                name    TEXT NOT NULL {nocase} UNIQUE,
                created {int} NOT NULL
            );
            CREATE TABLE users (
                id            TEXT PRIMARY KEY,
                email         TEXT NOT NULL {nocase} UNIQUE,
                password_hash TEXT NOT NULL,
                created       {int} NOT NULL
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
                hostname   TEXT NOT NULL {nocase},
                first_seen {int} NOT NULL,
                last_seen  {int} NOT NULL,
                UNIQUE (account_id, hostname)
            );
            CREATE TABLE agent_keys (
                id         TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                hash       {blob} NOT NULL,
                label      TEXT NOT NULL DEFAULT '',
                created    {int} NOT NULL,
                revoked    {int} NULL
            );
            CREATE INDEX agent_keys_by_account ON agent_keys(account_id);
            """),
        new(2, "minute reports (history)", """
            CREATE TABLE reports (
                server_id    TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
                report_id    TEXT NOT NULL,
                time         {int} NOT NULL,
                received     {int} NOT NULL,
                interval_ms  {int} NOT NULL,
                samples      {int} NOT NULL,
                cpu_avg {real}, cpu_max {real},
                mem_used_avg {real}, mem_used_max {real},
                mem_avail_avg {real}, mem_avail_max {real},
                swap_used_avg {real}, swap_used_max {real},
                load1_avg {real}, load1_max {real},
                load5_avg {real}, load5_max {real},
                load15_avg {real}, load15_max {real},
                net_rx_avg {real}, net_rx_max {real},
                net_tx_avg {real}, net_tx_max {real},
                disk_read_avg {real}, disk_read_max {real},
                disk_write_avg {real}, disk_write_max {real},
                detail       TEXT NOT NULL,
                PRIMARY KEY (server_id, report_id)
            );
            CREATE INDEX reports_by_time ON reports(server_id, time);
            CREATE INDEX reports_by_age ON reports(time);
            """),
        new(3, "logins ended by logout", """
            CREATE TABLE ended_logins (
                id      TEXT PRIMARY KEY,
                expires {int} NOT NULL
            );
            """),
        new(4, "cookie-protection keys (ASP.NET Core Data Protection) shared by the nodes", """
            CREATE TABLE data_protection_keys (
                name    TEXT PRIMARY KEY,
                xml     TEXT NOT NULL,
                created {int} NOT NULL
            );
            """),
        new(5, "when each agent key was last used", """
            ALTER TABLE agent_keys ADD COLUMN last_used {int} NULL;
            """),
        // One ADD COLUMN a statement: SQLite takes no list. Per-core figures get rows of their own so a history query
        // can average them in SQL over its index, as it does the columns of reports, instead of reading every report's
        // detail JSON; the rows go with their report (pruning, a deleted server).
        new(6, "cpu user/system/iowait and page cache per report; per-core history", """
            ALTER TABLE reports ADD COLUMN cpu_user_avg {real};
            ALTER TABLE reports ADD COLUMN cpu_user_max {real};
            ALTER TABLE reports ADD COLUMN cpu_system_avg {real};
            ALTER TABLE reports ADD COLUMN cpu_system_max {real};
            ALTER TABLE reports ADD COLUMN cpu_iowait_avg {real};
            ALTER TABLE reports ADD COLUMN cpu_iowait_max {real};
            ALTER TABLE reports ADD COLUMN mem_cached_avg {real};
            ALTER TABLE reports ADD COLUMN mem_cached_max {real};
            CREATE TABLE report_cores (
                server_id TEXT NOT NULL,
                report_id TEXT NOT NULL,
                time      {int} NOT NULL,
                core      TEXT NOT NULL,
                avg       {real} NOT NULL,
                max       {real} NOT NULL,
                PRIMARY KEY (server_id, report_id, core),
                FOREIGN KEY (server_id, report_id) REFERENCES reports(server_id, report_id) ON DELETE CASCADE
            );
            CREATE INDEX report_cores_by_time ON report_cores(server_id, time);
            """),
    ];

    public static int Latest => All[^1].Version;
}
