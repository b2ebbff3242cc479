using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scout.Web.Accounts.Storage;

namespace Scout.Web.Observability;

/// <summary>Readiness: the database answers a trivial query. A node whose database is gone cannot log anyone in nor
/// store a report, so nginx and systemd should hear it is not ready (its actors may still be fine: /healthz says so).</summary>
public sealed class DatabaseHealthCheck(ScoutDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.RunAsync(async connection =>
            {
                await using var command = connection.Command("SELECT 1;", null);
                await command.ExecuteScalarAsync(cancellationToken);
            }, cancellationToken);
            return HealthCheckResult.Healthy($"{database.Name} answers");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // The message only: a connection error may name the host, never the password (that stays in the connection string).
            return HealthCheckResult.Unhealthy($"{database.Name} does not answer: {e.Message}");
        }
    }
}
