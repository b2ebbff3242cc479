using Scout.Agent.Hosting;
using Xunit;

namespace Scout.Tests.Agent.Hosting;

public sealed class AgentOptionsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scout-agent-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private void WriteHocon(string text)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "hocon"));
        File.WriteAllText(Path.Combine(_dir, AgentConfig.RelativePath), text);
    }

    [Fact]
    public void Command_line_gives_server_key_and_hostname()
    {
        var options = AgentOptionsLoader.Load(["--server", "http://example.test:5080", "--key=k1", "--hostname", "web-1"], Env(), _dir);

        Assert.Equal(new Uri("http://example.test:5080"), options.Server);
        Assert.Equal("k1", options.Key);
        Assert.Equal("web-1", options.Hostname);
    }

    [Fact]
    public void Environment_overrides_hocon_and_command_line_overrides_environment()
    {
        WriteHocon("scout.agent { server = \"http://from-hocon:1\", key = \"hocon-key\" }");

        var fromEnv = AgentOptionsLoader.Load([], Env(("Scout__Agent__Server", "http://from-env:2")), _dir);
        var fromArgs = AgentOptionsLoader.Load(["--server", "http://from-args:3"], Env(("Scout__Agent__Server", "http://from-env:2")), _dir);

        Assert.Equal("from-env", fromEnv.Server.Host);
        Assert.Equal("hocon-key", fromEnv.Key);
        Assert.Equal("from-args", fromArgs.Server.Host);
    }

    [Fact]
    public void Appsettings_next_to_the_binary_is_read()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), """{ "Scout": { "Agent": { "Server": "http://from-json:4", "Key": "json-key" } } }""");

        var options = AgentOptionsLoader.Load([], Env(), _dir);

        Assert.Equal("from-json", options.Server.Host);
        Assert.Equal("json-key", options.Key);
    }

    [Fact]
    public void Backoff_and_buffer_come_from_hocon()
    {
        WriteHocon("scout.agent { reconnect { min-backoff = 2s, max-backoff = 10s, jitter = 0.1 }\n buffer { enabled = off } }");

        var options = AgentOptionsLoader.Load(["--server", "http://x", "--key", "k"], Env(), _dir);

        Assert.Equal(new ReconnectSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), 0.1), options.Reconnect);
        Assert.False(options.Buffer.Enabled);
    }

    [Fact]
    public void A_max_backoff_below_the_min_is_a_clear_error()
    {
        WriteHocon("scout.agent.reconnect { min-backoff = 5s, max-backoff = 1s }");

        var error = Assert.Throws<AgentOptionsException>(() => AgentOptionsLoader.Load(["--server", "http://x", "--key", "k"], Env(), _dir));

        Assert.Contains("max-backoff", error.Message);
    }

    [Theory]
    [InlineData("--server", "not a url")]
    [InlineData("--server", "ftp://example.test")]
    public void A_server_that_is_no_http_url_is_refused(string option, string value)
    {
        var error = Assert.Throws<AgentOptionsException>(() => AgentOptionsLoader.Load([option, value, "--key", "k"], Env(), _dir));
        Assert.Contains("http", error.Message);
    }

    [Fact]
    public void The_key_never_appears_in_the_printed_options()
    {
        var options = AgentOptionsLoader.Load(["--server", "http://x", "--key", "very-secret-key"], Env(), _dir);

        Assert.DoesNotContain("very-secret-key", options.ToString());
        Assert.Contains("http://x", options.ToString());
    }

    [Fact]
    public void Backoff_grows_exponentially_and_stays_under_the_cap()
    {
        var backoff = new ReconnectSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayFor(0, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(8), backoff.DelayFor(3, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DelayFor(50, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(36), backoff.DelayFor(50, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(0.8), backoff.DelayFor(0, 0.0));
    }

    [Fact]
    public void Reports_are_on_by_default_with_a_spool_per_hostname_and_configurable_in_hocon()
    {
        var defaults = AgentOptionsLoader.Load(["--server", "http://s:1", "--key", "k", "--hostname", "web-1"], Env(), _dir);
        WriteHocon("scout.agent { report { interval = 1s, spool-path = \"/tmp/spool-x\", spool-max-age = 1h } }");
        var configured = AgentOptionsLoader.Load(["--server", "http://s:1", "--key", "k"], Env(), _dir);

        Assert.True(defaults.Report.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(1), defaults.Report.Interval);
        Assert.Equal("web-1", Path.GetFileName(defaults.Report.SpoolPath));
        Assert.Equal((TimeSpan.FromSeconds(1), "/tmp/spool-x", 3600), (configured.Report.Interval, configured.Report.SpoolPath, configured.Report.SpoolCapacity));
    }

    [Fact]
    public void A_report_interval_below_a_second_is_a_clear_error()
    {
        WriteHocon("scout.agent { report { interval = 100ms } }");

        var error = Assert.Throws<AgentOptionsException>(() => AgentOptionsLoader.Load(["--server", "http://s:1", "--key", "k"], Env(), _dir));

        Assert.Contains("report interval", error.Message);
    }
}
