using System.Text;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

/// <summary>What leaves the machine of a command line, per mode; argv as /proc/[pid]/cmdline holds it (NUL-separated).</summary>
public sealed class CommandLineRedactionTests
{
    private static string Redacted(params string[] argv) =>
        ProcessReader.CommandLine(Encoding.UTF8.GetBytes(string.Join('\0', argv) + "\0"), "comm");

    [Theory]
    [InlineData("psql --password hunter2 -h db", "psql --password *** -h db")]
    [InlineData("psql --password=hunter2 -h db", "psql --password=*** -h db")]
    [InlineData("app --api-key abc123 --port 8080", "app --api-key *** --port 8080")]
    [InlineData("app --token=abc --verbose", "app --token=*** --verbose")]
    [InlineData("scout-agent --server http://n:5080 --key sk_live_abc", "scout-agent --server http://n:5080 --key ***")]
    [InlineData("env PGPASSWORD=pg-secret psql", "env PGPASSWORD=*** psql")]
    [InlineData("java -Djavax.net.ssl.keyStorePassword=changeit -jar app.jar", "java -Djavax.net.ssl.keyStorePassword=*** -jar app.jar")]
    [InlineData("app key=k1 secret=s1 mode=fast", "app key=*** secret=*** mode=fast")]
    [InlineData("worker postgres://bob:pg-pass@db:5432/app", "worker postgres://bob:***@db:5432/app")]
    [InlineData("curl https://api/x?access_token=abc&page=2", "curl https://api/x?access_token=***&page=2")]
    [InlineData("app Server=db;User=sa;Password=p4ss;Encrypt=true", "app Server=db;User=sa;Password=***;Encrypt=true")]
    [InlineData("mysql -uroot -pS3cret db", "mysql -uroot -p*** db")]
    [InlineData("sshpass -p hunter2 ssh host", "sshpass -p *** ssh host")]
    [InlineData("redis-cli -a hunter2 ping", "redis-cli -a *** ping")]
    [InlineData("curl -u alice:wonderland https://x", "curl -u alice:*** https://x")]
    [InlineData("ssh -p 2222 host", "ssh -p 2222 host")]
    [InlineData("kubeadm token create", "kubeadm token create")]
    public void Secret_values_are_replaced_and_everything_else_stays(string argv, string shown)
    {
        Assert.Equal(shown, Redacted(argv.Split(' ')));
    }

    [Fact]
    public void A_header_keeps_its_scheme_and_hides_the_credential()
    {
        Assert.Equal("curl -H Authorization: Bearer *** https://x", Redacted("curl", "-H", "Authorization: Bearer eyJhbGciOi", "https://x"));
        Assert.Equal("curl -H X-Api-Key: *** https://x", Redacted("curl", "-H", "X-Api-Key: k-123", "https://x"));
    }

    [Fact]
    public void A_rewritten_process_title_is_split_into_words_too()
    {
        Assert.Equal("myapp --password *** worker", Redacted("myapp --password hunter2 worker"));
    }

    [Fact]
    public void Names_only_keeps_the_program_and_full_keeps_everything()
    {
        var cmdline = Encoding.UTF8.GetBytes("/usr/bin/psql\0--password\0hunter2\0");

        Assert.Equal("/usr/bin/psql", ProcessReader.CommandLine(cmdline, "psql", CommandLineMode.NamesOnly));
        Assert.Equal("/usr/bin/psql --password hunter2", ProcessReader.CommandLine(cmdline, "psql", CommandLineMode.Full));
    }

    [Fact]
    public void A_secret_is_hidden_before_the_line_is_cut()
    {
        var shown = Redacted(["app", .. Enumerable.Repeat("--flag", 25), "--password", new string('s', 300)]);

        Assert.DoesNotContain("sss", shown);
        Assert.True(shown.Length <= ProcessReader.MaxCommandLength);
    }

    [Theory]
    [InlineData("full", CommandLineMode.Full)]
    [InlineData("Redacted", CommandLineMode.Redacted)]
    [InlineData("names-only", CommandLineMode.NamesOnly)]
    [InlineData("bogus", null)]
    public void Modes_are_named_in_settings(string name, CommandLineMode? mode)
    {
        Assert.Equal(mode, CommandLineModes.Parse(name));
    }
}
