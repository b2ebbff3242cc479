using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Scout.Tests.Hostile.Web;

/// <summary>What an attacker sends that a normal client never would: bodies that are not there yet, forged headers.</summary>
internal static class HostileRequests
{
    public const string EvilOrigin = "https://evil.example";

    /// <summary>A JSON login whose email is <paramref name="emailBytes"/> long, streamed without holding it in memory.</summary>
    public static HttpRequestMessage HugeLogin(int emailBytes) => new(HttpMethod.Post, "/api/login")
    {
        Content = new RepeatedContent("{\"email\":\"", (byte)'a', emailBytes, "@example.com\",\"password\":\"password-123\"}"),
        // The node answers before the body is sent: an attacker's client would stream on, the answer is the same.
        Headers = { ExpectContinue = true },
    };

    /// <summary>Signs up a fresh owner and returns the raw <c>scout.auth=...</c> pair, as a thief or a planter would hold it.</summary>
    public static async Task<string> SignedUpCookie(this Scout.Tests.Web.ScoutNodeFactory node, string email, string account)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = node.Address };
        var response = await client.PostAsync("/api/signup", Json(
            System.Text.Json.JsonSerializer.Serialize(new { email, password = "password-123", account })));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("scout.auth=")).Split(';')[0];
    }

    public static HttpRequestMessage WithCookie(this HttpRequestMessage request, string cookie)
    {
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        return request;
    }

    public static HttpRequestMessage Post(string path, string? origin = null, string? referer = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (origin is not null)
            request.Headers.TryAddWithoutValidation("Origin", origin);
        if (referer is not null)
            request.Headers.TryAddWithoutValidation("Referer", referer);
        return request;
    }

    public static HttpRequestMessage From(this HttpRequestMessage request, string forwardedFor)
    {
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return request;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static HttpRequestMessage LoginJson(string email, string password) =>
        new(HttpMethod.Post, "/api/login") { Content = JsonContent(new { email, password }) };

    private static HttpContent JsonContent(object value) => System.Net.Http.Json.JsonContent.Create(value);

    /// <summary>prefix + count × filler + suffix, written in chunks.</summary>
    private sealed class RepeatedContent : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly byte[] _suffix;
        private readonly byte _filler;
        private readonly long _count;

        public RepeatedContent(string prefix, byte filler, long count, string suffix)
        {
            (_prefix, _filler, _count, _suffix) = (Encoding.UTF8.GetBytes(prefix), filler, count, Encoding.UTF8.GetBytes(suffix));
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_prefix);
            var chunk = Enumerable.Repeat(_filler, 64 * 1024).ToArray();
            for (var left = _count; left > 0; left -= chunk.Length)
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
            await stream.WriteAsync(_suffix);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _prefix.Length + _count + _suffix.Length;
            return true;
        }
    }
}
