using System.Net;
using System.Text;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

public sealed class SignupApiSpecs(TestNode node) : IClassFixture<TestNode>
{
    [Theory]
    [InlineData("not-an-email", "password-123", "Co", "email must look like name@host")]
    [InlineData("ok@example.com", "short", "Co", "password must be at least 8 characters")]
    [InlineData("ok@example.com", "password-123", "  ", "account name must be 1-64 printable characters")]
    public async Task Invalid_fields_get_400_with_the_reason(string email, string password, string account, string error)
    {
        using var client = node.CreatePortClient();

        var response = await client.SignupAsync(email, password, account);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, await response.ErrorAsync());
    }

    [Fact]
    public async Task A_taken_email_gets_409()
    {
        using var client = node.CreatePortClient();
        await client.SignupAsync("taken@example.com", "password-123", "Taken One");

        var response = await client.SignupAsync("Taken@Example.com", "password-123", "Taken Two");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("a user with this email already exists", await response.ErrorAsync());
    }

    [Fact]
    public async Task A_taken_account_name_gets_409()
    {
        using var client = node.CreatePortClient();

        var response = await client.SignupAsync("new@example.com", "password-123", "Demo");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("an account with this name already exists", await response.ErrorAsync());
    }

    [Fact]
    public async Task Malformed_json_gets_400_json()
    {
        using var client = node.CreatePortClient();

        var response = await client.PostAsync("/api/signup", new StringContent("{\"email\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed JSON body", await response.ErrorAsync());
    }
}

public sealed class SignupDisabledSpecs : IDisposable
{
    private readonly ScoutNodeFactory _node = new(new Dictionary<string, string?> { ["Scout:Signup:Enabled"] = "false" });

    [Fact]
    public async Task Signup_answers_404_when_switched_off()
    {
        using var client = _node.CreatePortClient();

        var response = await client.SignupAsync("new@example.com", "password-123", "New Co");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("signup is disabled on this server", await response.ErrorAsync());
    }

    [Fact]
    public async Task The_signup_page_is_gone_too_when_switched_off()
    {
        using var client = _node.CreatePortClient();

        var response = await client.GetAsync("/signup");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _node.Dispose();
}
