using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Scout.Tests.Web.Accounts.Api;

/// <summary>Small helpers for calling the accounts API in tests.</summary>
internal static class ApiClient
{
    public static Task<HttpResponseMessage> SignupAsync(this HttpClient client, string email, string password, string account) =>
        client.PostAsJsonAsync("/api/signup", new { email, password, account });

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/login", new { email, password });

    /// <summary>Posts the /login form as a browser would: loads the form first for its antiforgery token and cookie.</summary>
    public static async Task<HttpResponseMessage> PostLoginFormAsync(this HttpClient client, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, $"""name="{Scout.Web.Security.WebSecuritySetup.AntiforgeryField}" value="([^"]+)""");
        Assert.True(token.Success, "the login form has no antiforgery token");
        fields[Scout.Web.Security.WebSecuritySetup.AntiforgeryField] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> ErrorAsync(this HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (await response.JsonAsync()).GetProperty("error").GetString()!;
    }

    /// <summary>Signs up a fresh account and returns a client logged in as its owner.</summary>
    public static async Task<(HttpClient Client, string AccountId)> OwnerAsync(
        this ScoutNodeFactory node, string email, string account)
    {
        var client = node.CreatePortClient();
        var response = await client.SignupAsync(email, "password-123", account);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var accountId = (await response.JsonAsync()).GetProperty("account").GetProperty("id").GetString()!;
        return (client, accountId);
    }
}
