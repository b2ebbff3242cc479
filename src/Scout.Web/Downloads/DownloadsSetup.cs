using Microsoft.Extensions.FileProviders;

namespace Scout.Web.Downloads;

/// <summary>
/// <c>/downloads/</c>: the agent's install script (built in) and whatever the operator puts beside it, above all the
/// packed agent <c>scout-agent-linux-x64.tar.gz</c> the script fetches from its first node. Public like the pages'
/// assets: nothing here is secret (the key comes with the command, never from here). The folder is
/// <c>Scout:Downloads:Path</c>, by default <c>downloads/</c> next to the node's binaries (where the script is).
/// </summary>
public static class DownloadsSetup
{
    public const string RequestPath = "/downloads";

    public static WebApplication UseScoutDownloads(this WebApplication app)
    {
        var builtIn = Path.Combine(AppContext.BaseDirectory, "downloads");
        var folder = app.Configuration["Scout:Downloads:Path"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : builtIn;
        // The operator's folder first; the built-in install script is offered whatever folder is configured.
        var providers = new[] { folder, builtIn }.Distinct().Where(Directory.Exists).Select(f => (IFileProvider)new PhysicalFileProvider(f)).ToArray();
        if (providers.Length == 0)
            return app;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new CompositeFileProvider(providers),
            RequestPath = RequestPath,
            // .sh has no registered type: plain text, so a browser shows the script instead of guessing.
            ContentTypeProvider = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider { Mappings = { [".sh"] = "text/plain; charset=utf-8" } },
        });
        return app;
    }
}
