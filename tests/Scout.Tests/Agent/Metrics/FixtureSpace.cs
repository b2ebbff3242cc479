using Scout.Agent.Metrics;

namespace Scout.Tests.Agent.Metrics;

/// <summary>statvfs answers for fixture mount points, which do not exist on the test machine.</summary>
public sealed class FixtureSpace : IFilesystemSpace
{
    private readonly Dictionary<string, FilesystemSpace> _answers = new(StringComparer.Ordinal);

    public List<string> Asked { get; } = [];

    public FixtureSpace Add(string mount, long size, long freeForRoot, long free)
    {
        _answers[mount] = new FilesystemSpace(size, freeForRoot, free);
        return this;
    }

    public bool TryGet(string mountPoint, out FilesystemSpace space)
    {
        Asked.Add(mountPoint);
        return _answers.TryGetValue(mountPoint, out space);
    }
}
