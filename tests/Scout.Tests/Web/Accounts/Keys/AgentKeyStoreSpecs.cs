using Scout.Web.Accounts.Keys;
using Scout.Web.Accounts.Storage;
using Xunit;

namespace Scout.Tests.Web.Accounts.Keys;

/// <summary>Run against both providers: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class AgentKeyStoreSpecs(DatabaseProvider provider) : IDisposable
{
    private protected readonly TempDatabase _temp = new(provider);

    [Fact]
    public async Task A_created_key_has_the_documented_shape()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");

        var issued = await _temp.Keys.CreateAsync(account.Id, "test");

        Assert.Matches($"^sk_{issued.KeyId}_[A-Za-z0-9]{{32}}$", issued.Key);
        Assert.True(ScoutIds.IsWellFormed(issued.KeyId));
    }

    [Fact]
    public async Task A_created_key_verifies_as_its_account()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var issued = await _temp.Keys.CreateAsync(account.Id, "test");

        var identity = await _temp.Keys.VerifyAsync(issued.Key);

        Assert.Equal(new AgentIdentity(issued.KeyId, account.Id), identity);
    }

    [Fact]
    public async Task A_key_lists_when_it_was_last_used_written_at_most_once_a_minute()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var issued = await _temp.Keys.CreateAsync(account.Id, "test");
        Assert.Null((await _temp.Keys.ListAsync(account.Id)).Single().LastUsed);
        var first = _temp.Clock.Now;

        await _temp.Keys.VerifyAsync(issued.Key);
        _temp.Clock.Now += TimeSpan.FromSeconds(30);
        await _temp.Keys.VerifyAsync(issued.Key);
        Assert.Equal(first, (await _temp.Keys.ListAsync(account.Id)).Single().LastUsed);

        _temp.Clock.Now += TimeSpan.FromSeconds(31);
        Assert.Null(await _temp.Keys.VerifyAsync(issued.Key[..^1] + (issued.Key[^1] == 'a' ? 'b' : 'a')));
        Assert.Equal(first, (await _temp.Keys.ListAsync(account.Id)).Single().LastUsed);
        await _temp.Keys.VerifyAsync(issued.Key);
        Assert.Equal(_temp.Clock.Now, (await _temp.Keys.ListAsync(account.Id)).Single().LastUsed);
    }

    [Fact]
    public async Task Only_the_hash_of_the_secret_is_stored()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var issued = await _temp.Keys.CreateAsync(account.Id, "test");
        AgentKeyFormat.TryParse(issued.Key, out _, out var secret);

        await using var connection = await _temp.Database.OpenAsync();
        await using var command = connection.Command("SELECT hash FROM agent_keys WHERE id = @id;", null, ("@id", issued.KeyId));
        var stored = (byte[])(await command.ExecuteScalarAsync())!;

        Assert.Equal(AgentKeyFormat.HashSecret(secret!), stored);
        if (_temp.Provider == DatabaseProvider.Sqlite)
            Assert.DoesNotContain(secret!, File.ReadAllText(_temp.FilePath + "-wal", System.Text.Encoding.Latin1));
    }

    [Fact]
    public async Task A_key_with_a_wrong_secret_is_refused()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var issued = await _temp.Keys.CreateAsync(account.Id, "test");
        var tampered = issued.Key[..^1] + (issued.Key[^1] == 'a' ? 'b' : 'a');

        Assert.Null(await _temp.Keys.VerifyAsync(tampered));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk_short_secret")]
    [InlineData("pk_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sk_AAAA-AAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_malformed_key_is_refused(string? key)
    {
        Assert.Null(await _temp.Keys.VerifyAsync(key));
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var issued = await _temp.Keys.CreateAsync(account.Id, "test");

        Assert.True(await _temp.Keys.RevokeAsync(account.Id, issued.KeyId));

        Assert.Null(await _temp.Keys.VerifyAsync(issued.Key));
        Assert.NotNull(Assert.Single(await _temp.Keys.ListAsync(account.Id)).Revoked);
    }

    [Fact]
    public async Task Another_account_cannot_revoke_a_key()
    {
        var (_, acme) = await _temp.SignupAsync("Acme", "ann@example.com");
        var (_, globex) = await _temp.SignupAsync("Globex", "gus@example.com");
        var issued = await _temp.Keys.CreateAsync(acme.Id, "test");

        Assert.False(await _temp.Keys.RevokeAsync(globex.Id, issued.KeyId));
        Assert.NotNull(await _temp.Keys.VerifyAsync(issued.Key));
    }

    [Fact]
    public async Task Replacing_a_labelled_key_revokes_the_previous_one_only()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var other = await _temp.Keys.CreateAsync(account.Id, "someone else");
        var first = await _temp.Keys.ReplaceLabelledAsync(account.Id, "embedded agent");

        var second = await _temp.Keys.ReplaceLabelledAsync(account.Id, "embedded agent");

        Assert.Null(await _temp.Keys.VerifyAsync(first.Key));
        Assert.NotNull(await _temp.Keys.VerifyAsync(second.Key));
        Assert.NotNull(await _temp.Keys.VerifyAsync(other.Key));
    }

    [Fact]
    public async Task The_issued_key_does_not_print_its_secret()
    {
        var (_, account) = await _temp.SignupAsync("Acme", "ann@example.com");
        var issued = await _temp.Keys.CreateAsync(account.Id, "test");

        Assert.DoesNotContain(issued.Key, issued.ToString());
    }

    public void Dispose() => _temp.Dispose();

    public sealed class OnSqlite() : AgentKeyStoreSpecs(DatabaseProvider.Sqlite)
    {
    }

    public sealed class OnPostgreSql() : AgentKeyStoreSpecs(DatabaseProvider.PostgreSql)
    {
    }
}
