using Akka.Configuration;

namespace Scout.Actors;

/// <summary>Loads the HOCON files of <c>hocon/</c>, which the build copies next to every program.</summary>
public static class ScoutHocon
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "hocon", fileName);

    public static Config Load(string fileName) => ConfigurationFactory.ParseString(File.ReadAllText(PathOf(fileName)));
}
