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
    ];

    public static int Latest => All[^1].Version;
}
