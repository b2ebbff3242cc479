using Npgsql;
using Xunit.Sdk;

namespace Scout.Tests.Web.Accounts;

/// <summary>
/// The PostgreSQL server the tests use, named by an admin connection string in <see cref="Variable"/>
/// (a role that may CREATE DATABASE; <c>.ci/run</c> starts the server and sets it). Each caller gets a
/// throw-away database with a random name, dropped when disposed. When the variable is missing or the
/// server cannot be reached, the test fails and says so: a provider that was never tested must not pass.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SCOUT_TEST_POSTGRES";

    private const string Prefix = "scout_test_";

    /// <summary>A new empty database; dispose it to drop it.</summary>
    public static ThrowawayDatabase CreateDatabase()
    {
        var admin = AdminConnectionString();
        var name = Prefix + Guid.NewGuid().ToString("N");
        try
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            create.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            var at = new NpgsqlConnectionStringBuilder(admin);
            throw new XunitException(
                $"PostgreSQL at {at.Host}:{at.Port} (user {at.Username}, from {Variable}) could not create a test database: " +
                $"{e.Message}. Start it as .ci/run does (pg_ctlcluster 15 main start) or point {Variable} at a reachable server.");
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new ThrowawayDatabase(name, builder.ConnectionString, admin);
    }

    private static string AdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new XunitException(
                $"{Variable} is not set. The storage specs run against PostgreSQL too: set it to an admin connection string, " +
                $"e.g. {Variable}=\"Host=127.0.0.1;Username=scout;Password=...;Database=postgres\" (.ci/run starts PostgreSQL and sets it).");
        }
        return value;
    }

    public sealed class ThrowawayDatabase(string name, string connectionString, string adminConnectionString) : IDisposable
    {
        public string Name { get; } = name;

        /// <summary>Connection string of the throw-away database (the admin's credentials).</summary>
        public string ConnectionString { get; } = connectionString;

        /// <summary>Runs SQL as the admin on the server's maintenance database (to take this database away and back).</summary>
        public void Admin(string sql)
        {
            using var connection = new NpgsqlConnection(adminConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        /// <summary>
        /// An outage of this database only (the server goes on serving the other tests): new connections are
        /// refused and the open ones are ended, as a restarting or unreachable server would.
        /// </summary>
        public void GoAway() => Admin(
            $"ALTER DATABASE {Name} ALLOW_CONNECTIONS false; " +
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid() " +
            // The node's own sessions; an autovacuum worker on the new database is the server's (a superuser's), not ours to end.
            "AND backend_type = 'client backend' AND usename = current_user;");

        /// <summary>The end of <see cref="GoAway"/>: connections are accepted again.</summary>
        public void ComeBack() => Admin($"ALTER DATABASE {Name} ALLOW_CONNECTIONS true;");

        public void Dispose()
        {
            NpgsqlConnection.ClearAllPools();
            // FORCE ends the sessions a test left open (a node still shutting down) instead of failing the drop. A
            // backend the test role may not end (the server's own worker that has just started on the new
            // database) makes it fail now and then: such a worker is gone a moment later, so ask again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);");
                    return;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 10)
                {
                    Thread.Sleep(200);
                }
            }
        }
    }
}
