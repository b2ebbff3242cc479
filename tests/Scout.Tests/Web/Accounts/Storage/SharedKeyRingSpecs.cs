using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Storage;

/// <summary>
/// Several nodes' Data Protection on one empty PostgreSQL database, all starting at the same moment: the
/// first key is made once, and whatever one node protects, every other reads.
/// </summary>
public sealed class SharedKeyRingSpecs : IDisposable
{
    private readonly TempDatabase _temp = new(DatabaseProvider.PostgreSql);
    private readonly List<ServiceProvider> _nodes = [];

    [Fact]
    public async Task Nodes_starting_together_make_one_first_key_and_read_each_others_payloads()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => Node()).ToList();
        using var start = new Barrier(nodes.Count);

        var protectedByEach = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            start.SignalAndWait();
            await node.GetRequiredService<SharedKeyRing>().EnsureKeyAsync();
            return node.GetDataProtector("spec").Protect("hello");
        })));

        Assert.Single(new DatabaseXmlRepository(_temp.Database).GetAllElements());
        foreach (var node in nodes)
            Assert.All(protectedByEach, payload => Assert.Equal("hello", node.GetDataProtector("spec").Unprotect(payload)));
    }

    /// <summary>What a node registers for Data Protection with PostgreSQL, on its own connection pool.</summary>
    private ServiceProvider Node()
    {
        var database = _temp.Open();
        var services = new ServiceCollection();
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SharedKeyRing>();
        services.AddDataProtection().SetApplicationName("ScoutRealtime");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(database));
        var provider = services.BuildServiceProvider();
        _nodes.Add(provider);
        return provider;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
            node.Dispose();
        _temp.Dispose();
    }
}
