using Microsoft.Extensions.FileProviders;

namespace Scout.Web.Downloads;

/// <summary>
/// <c>/downloads/</c>: the agent's install script (built in) and whatever the operator puts beside it, above all the
/// packed agent <c>scout-agent-linux-x64.tar.gz</c> the script fetches from its first node. Public like the pages'
/// assets: nothing here is secret (the key comes with the command, never from here). The folder is
/// <c>Scout:Downloads:Path</c>, by default <c>downloads/</c> next to the node's binaries.
/// </summary>
public static class DownloadsSetup
{
    public const string RequestPath = "/downloads";

    public static WebApplication UseScoutDownloads(this WebApplication app)
    {
        var folder = app.Configuration["Scout:Downloads:Path"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "downloads");
        if (!Directory.Exists(folder))
            return app;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = RequestPath,
            // .sh has no registered type: plain text, so a browser shows the script instead of guessing.
            ContentTypeProvider = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider { Mappings = { [".sh"] = "text/plain; charset=utf-8" } },
        });
        return app;
    }
}
