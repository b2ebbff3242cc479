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

        Assert.Equal([new Uri("http://example.test:5080")], options.Servers);
        Assert.Equal("k1", options.Key);
        Assert.Equal("web-1", options.Hostname);
    }

    [Fact]
    public void Environment_overrides_hocon_and_command_line_overrides_environment()
    {
        WriteHocon("scout.agent { server = \"http://from-hocon:1\", key = \"hocon-key\" }");

        var fromEnv = AgentOptionsLoader.Load([], Env(("Scout__Agent__Server", "http://from-env:2")), _dir);
        var fromArgs = AgentOptionsLoader.Load(["--server", "http://from-args:3"], Env(("Scout__Agent__Server", "http://from-env:2")), _dir);

        Assert.Equal("from-env", Assert.Single(fromEnv.Servers).Host);
        Assert.Equal("hocon-key", fromEnv.Key);
        Assert.Equal("from-args", Assert.Single(fromArgs.Servers).Host);
    }

    [Fact]
    public void Appsettings_next_to_the_binary_is_read()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), """{ "Scout": { "Agent": { "Server": "http://from-json:4", "Key": "json-key" } } }""");

        var options = AgentOptionsLoader.Load([], Env(), _dir);

        Assert.Equal("from-json", Assert.Single(options.Servers).Host);
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
    public void A_repeated_server_option_gives_a_list_in_order_and_a_comma_list_counts_as_several()
    {
        var options = AgentOptionsLoader.Load(
            ["--server", "http://a.test:5080", "--server=http://b.test:5080,https://c.test", "--key", "k"], Env(), _dir);

        Assert.Equal(["http://a.test:5080/", "http://b.test:5080/", "https://c.test/"], options.Servers.Select(s => s.ToString()));
    }

    [Fact]
    public void Duplicate_servers_are_removed_keeping_the_first_order()
    {
        var options = AgentOptionsLoader.Load(
            ["--server", "http://a.test:5080", "--server", "http://b.test:5080", "--server", "http://A.test:5080/", "--key", "k"], Env(), _dir);

        Assert.Equal(["a.test", "b.test"], options.Servers.Select(s => s.Host));
    }

    [Fact]
    public void Hocon_takes_a_list_of_servers_and_still_the_old_single_server()
    {
        WriteHocon("scout.agent { servers = [\"http://h1:1\", \"http://h2:2\"], key = k }");
        var list = AgentOptionsLoader.Load([], Env(), _dir);
        WriteHocon("scout.agent { server = \"http://old:1\", key = k }");
        var single = AgentOptionsLoader.Load([], Env(), _dir);

        Assert.Equal(["h1", "h2"], list.Servers.Select(s => s.Host));
        Assert.Equal("old", Assert.Single(single.Servers).Host);
    }

    [Fact]
    public void Within_one_source_the_old_and_new_server_names_are_one_list()
    {
        WriteHocon("scout.agent { servers = [\"http://h1:1\"], server = \"http://old:1\", key = k }");

        var options = AgentOptionsLoader.Load([], Env(), _dir);

        Assert.Equal(["h1", "old"], options.Servers.Select(s => s.Host));
    }

    [Fact]
    public void The_environment_takes_a_comma_separated_list_and_the_old_single_name_still_works()
    {
        var list = AgentOptionsLoader.Load(["--key", "k"], Env(("Scout__Agent__Servers", "http://e1:1, http://e2:2")), _dir);
        var single = AgentOptionsLoader.Load(["--key", "k"], Env(("Scout__Agent__Server", "http://old-env:1")), _dir);

        Assert.Equal(["e1", "e2"], list.Servers.Select(s => s.Host));
        Assert.Equal("old-env", Assert.Single(single.Servers).Host);
    }

    [Fact]
    public void A_higher_source_replaces_the_whole_server_list_of_a_lower_one()
    {
        WriteHocon("scout.agent { servers = [\"http://h1:1\", \"http://h2:2\"], key = k }");

        var options = AgentOptionsLoader.Load(["--server", "http://cli:1"], Env(("Scout__Agent__Servers", "http://e1:1")), _dir);

        Assert.Equal("cli", Assert.Single(options.Servers).Host);
    }

    [Fact]
    public void Appsettings_takes_a_server_array()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), """{ "Scout": { "Agent": { "Servers": ["http://j1:4", "http://j2:4"], "Key": "k" } } }""");

        var options = AgentOptionsLoader.Load([], Env(), _dir);

        Assert.Equal(["j1", "j2"], options.Servers.Select(s => s.Host));
    }

    [Fact]
    public void A_bad_url_in_a_list_is_named_with_where_it_came_from()
    {
        var fromArgs = Assert.Throws<AgentOptionsException>(() =>
            AgentOptionsLoader.Load(["--server", "http://good:1", "--server", "ftp://bad:2", "--key", "k"], Env(), _dir));
        var fromEnv = Assert.Throws<AgentOptionsException>(() =>
            AgentOptionsLoader.Load(["--key", "k"], Env(("Scout__Agent__Servers", "http://good:1,not-a-url")), _dir));

        Assert.Contains("'ftp://bad:2'", fromArgs.Message);
        Assert.Contains("--server", fromArgs.Message);
        Assert.DoesNotContain("good", fromArgs.Message);
        Assert.Contains("'not-a-url'", fromEnv.Message);
        Assert.Contains("Scout__Agent__Servers", fromEnv.Message);
    }

    [Fact]
    public void A_repeated_key_is_an_error_rather_than_the_last_one_winning()
    {
        var error = Assert.Throws<AgentOptionsException>(() =>
            AgentOptionsLoader.Load(["--server", "http://x", "--key", "k1", "--key", "k2"], Env(), _dir));

        Assert.Contains("--key is given more than once", error.Message);
        Assert.DoesNotContain("k1", error.Message.Replace("--key", ""));
    }

    [Fact]
    public void Without_any_server_the_error_names_every_way_to_give_one()
    {
        var error = Assert.Throws<AgentOptionsException>(() => AgentOptionsLoader.Load(["--key", "k"], Env(), _dir));

        Assert.Contains("--server", error.Message);
        Assert.Contains("scout.agent.servers", error.Message);
        Assert.Contains("Scout__Agent__Servers", error.Message);
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

    [Theory]
    [InlineData("web 1")]
    [InlineData("-leading-dash")]
    [InlineData("wéb")]
    [InlineData("web-1\n")]
    public void A_hostname_the_server_would_refuse_is_a_clear_error_at_start(string hostname)
    {
        var error = Assert.Throws<AgentOptionsException>(() => AgentOptionsLoader.Load(["--server", "http://x", "--key", "k", "--hostname", hostname], Env(), _dir));

        Assert.Contains("is not one the server accepts (letters, digits, '.', '_' and '-'", error.Message);
    }

    [Fact]
    public void Command_lines_are_redacted_by_default_and_set_from_any_source()
    {
        string[] args = ["--server", "http://x", "--key", "k"];
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), """{ "Scout": { "Agent": { "CommandLines": "full" } } }""");

        Assert.Equal(Scout.Agent.Metrics.CommandLineMode.Full, AgentOptionsLoader.Load(args, Env(), _dir).CommandLines);
        Assert.Equal(Scout.Agent.Metrics.CommandLineMode.NamesOnly,
            AgentOptionsLoader.Load(args, Env(("Scout__Agent__CommandLines", "names-only")), _dir).CommandLines);
        Assert.Equal(Scout.Agent.Metrics.CommandLineMode.Redacted,
            AgentOptionsLoader.Load([.. args, "--command-lines", "redacted"], Env(), _dir).CommandLines);
        File.Delete(Path.Combine(_dir, "appsettings.json"));
        Assert.Equal(Scout.Agent.Metrics.CommandLineMode.Redacted, AgentOptionsLoader.Load(args, Env(), _dir).CommandLines);
        var error = Assert.Throws<AgentOptionsException>(() => AgentOptionsLoader.Load([.. args, "--command-lines=all"], Env(), _dir));
        Assert.Equal("command-lines must be full, redacted or names-only, not 'all'", error.Message);
    }

    [Fact]
    public void Top_processes_comes_from_the_hocon_file_and_is_refused_outside_its_bounds()
    {
        string[] args = ["--server", "http://x", "--key", "k"];
        Assert.Equal(Scout.Agent.Metrics.ProcMetricsOptions.DefaultTopProcesses, AgentOptionsLoader.Load(args, Env(), _dir).TopProcesses);

        WriteHocon("scout.agent { top-processes = 12 }");
        Assert.Equal(12, AgentOptionsLoader.Load(args, Env(), _dir).TopProcesses);

        WriteHocon("scout.agent { top-processes = 51 }");
        var error = Assert.Throws<AgentOptionsException>(() => AgentOptionsLoader.Load(args, Env(), _dir));
        Assert.Equal("top-processes must be from 1 to 50 (each sample lists that many by CPU and as many by memory), not 51", error.Message);
    }
}
