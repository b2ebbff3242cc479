using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Scout.Web.Accounts.Storage;

/// <summary>
/// ASP.NET Core Data Protection's key ring in the shared database (table <c>data_protection_keys</c>), so a
/// cookie one node protects, every node sharing the database can read. Used with PostgreSQL; SQLite keeps
/// the keys in a folder as before. Data Protection calls this rarely (start, a new key every 90 days, a
/// cookie under a key it has not seen), and synchronously.
/// </summary>
public sealed class DatabaseXmlRepository(ScoutDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT xml FROM data_protection_keys ORDER BY created, name;");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
            elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    /// <summary>
    /// Stores a new key or revocation. Names are unique per element (Data Protection names a key by its id);
    /// storing the same name again keeps the first, as a file repository would refuse to overwrite.
    /// </summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        var name = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString() : friendlyName;
        using var connection = database.Open();
        using var command = connection.Command(
            "INSERT INTO data_protection_keys (name, xml, created) VALUES (@name, @xml, @created) ON CONFLICT (name) DO NOTHING;",
            null, ("@name", name), ("@xml", element.ToString(SaveOptions.DisableFormatting)),
            ("@created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        command.ExecuteNonQuery();
    }
}
