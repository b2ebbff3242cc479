using System.Xml.Linq;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Storage;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class DatabaseXmlRepositorySpecs(DatabaseProvider provider) : IDisposable
{
    private readonly TempDatabase _temp = new(provider);

    [Fact]
    public void A_stored_key_is_read_back_by_another_node()
    {
        new DatabaseXmlRepository(_temp.Database).StoreElement(new XElement("key", new XAttribute("id", "k1")), "key-k1");

        var read = new DatabaseXmlRepository(_temp.Open()).GetAllElements();

        Assert.Equal("k1", Assert.Single(read).Attribute("id")?.Value);
    }

    [Fact]
    public void Storing_a_name_again_keeps_the_first()
    {
        var repository = new DatabaseXmlRepository(_temp.Database);
        repository.StoreElement(new XElement("key", "first"), "key-k1");
        repository.StoreElement(new XElement("key", "second"), "key-k1");
        repository.StoreElement(new XElement("revocation"), "revocation-1");

        Assert.Equal(["first", ""], repository.GetAllElements().Select(e => e.Value));
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : DatabaseXmlRepositorySpecs(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : DatabaseXmlRepositorySpecs(DatabaseProvider.PostgreSql);
}
