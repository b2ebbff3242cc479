using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scout.Web.Accounts.Storage;

namespace Scout.Tests.Web;

/// <summary>
/// A complete server node on a real loopback Kestrel port with its own temp database. The embedded
/// agent is off and the cluster binds port 0, so several nodes can run in one test process.
/// Pass extra settings (configuration keys) to the constructor; call <see cref="Start"/> once.
/// </summary>
public class ScoutNodeFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "demo-password-for-tests";

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _ownsDataFolder;
    private Uri? _address;
    private ScoutDatabase? _database;

    /// <param name="port">0 for a free port; a fixed one lets a test stop a node and start another where agents expect it.</param>
    /// <param name="dataFolder">Null for a fresh temp folder deleted on dispose; a given folder (a restarted node's) is left to its owner.</param>
    /// <param name="https">Serve https on the port, with the certificate the node's settings name (Scout:Http:Certificate).</param>
    public ScoutNodeFactory(IReadOnlyDictionary<string, string?>? settings = null, int port = 0, string? dataFolder = null, bool https = false)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        _ownsDataFolder = dataFolder is null;
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "scout-tests", "node-" + Guid.NewGuid().ToString("N"));
        // The factory's own UseKestrel (.NET 10), not IWebHostBuilder's: a real socket instead of TestServer.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (https)
                listen.UseHttps();
        }));
    }

    /// <summary>Folder holding the node's database (and cookie keys); deleted on dispose.</summary>
    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "scout.db");

    /// <summary>The node's http://127.0.0.1:port address; starts the node on first use.</summary>
    public Uri Address => _address ?? Start();

    /// <summary>Starts the node on a free port and returns its address.</summary>
    public Uri Start()
    {
        if (_address is null)
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            _address = new Uri(addresses.Addresses.First());
            _database = Services.GetRequiredService<ScoutDatabase>();
        }
        return _address;
    }

    /// <summary>A client of the real port with its own cookie jar; redirects are not followed so tests see them.</summary>
    public HttpClient CreatePortClient()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>What the node logged at warning and above, through the same filters as its console.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Scout:Database:Path", DatabasePath);
        builder.UseSetting("Scout:EmbeddedAgent:Enabled", "false");
        builder.UseSetting("Scout:Cluster:Port", "0");
        // Specs call a node as soon as it started; ReadinessGateSpecs turn the gate on to show it.
        builder.UseSetting(Scout.Web.Observability.ReadinessGate.Setting, "false");
        builder.UseSetting("Scout:Demo:Password", DemoPassword);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }
        _database?.ReleasePooledConnections();
        if (!_ownsDataFolder)
        {
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Never started (no folder), or a handle still closing: the OS cleans temp eventually.
        }
    }
}
