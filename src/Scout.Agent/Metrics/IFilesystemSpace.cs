namespace Scout.Agent.Metrics;

/// <summary>Space of the filesystem a path is on, in bytes (statvfs: blocks times f_frsize).</summary>
/// <param name="Free">What an unprivileged user may still write (f_bavail), not counting root's reserve.</param>
/// <param name="FreeForRoot">Every free block (f_bfree), reserve included; Used = Size - FreeForRoot as df shows it.</param>
public readonly record struct FilesystemSpace(long Size, long FreeForRoot, long Free);

/// <summary>
/// Asks the kernel how full a mounted filesystem is. Behind an interface so tests can supply the
/// numbers for fixture mount tables whose mount points do not exist on the test machine.
/// </summary>
public interface IFilesystemSpace
{
    /// <summary>False when the mount point cannot be asked (gone, no permission, stale network mount).</summary>
    bool TryGet(string mountPoint, out FilesystemSpace space);
}
