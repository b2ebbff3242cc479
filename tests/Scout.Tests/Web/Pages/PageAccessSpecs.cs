using System.Net;
using Xunit;

namespace Scout.Tests.Web.Pages;

/// <summary>Who may load a page, checked over plain HTTP on a real node (no browser needed).</summary>
public sealed class PageAccessSpecs : IDisposable
{
    private readonly ScoutNodeFactory _node = new();

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/wall?servers=a,b")]
    [InlineData("/servers/abc")]
    public async Task An_unauthenticated_page_visit_redirects_to_login_with_the_return_url(string path)
    {
        using var http = _node.CreatePortClient();

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/login", location.AbsolutePath);
        Assert.Equal("?returnUrl=" + path, Uri.UnescapeDataString(location.Query));
    }

    [Theory]
    [InlineData("/lib/uplot/uPlot.iife.min.js")]
    [InlineData("/lib/uplot/uPlot.min.css")]
    [InlineData("/lib/signalr/signalr.min.js")]
    [InlineData("/js/server.js")]
    public async Task The_build_put_the_npm_libraries_and_scripts_where_the_pages_load_them(string path)
    {
        using var http = _node.CreatePortClient();

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }
}
