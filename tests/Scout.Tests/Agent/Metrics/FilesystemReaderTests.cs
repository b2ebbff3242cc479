using Scout.Actors.AgentWire;
using Scout.Agent.Metrics;
using Xunit;

namespace Scout.Tests.Agent.Metrics;

public sealed class FilesystemReaderTests
{
    private const long GiB = 1L << 30;

    private static FixtureSpace TypicalSpace() => new FixtureSpace()
        .Add("/", 100 * GiB, 40 * GiB, 35 * GiB)
        .Add("/srv/bind", 100 * GiB, 40 * GiB, 35 * GiB)
        .Add("/mnt/my data", 500 * GiB, 100 * GiB, 100 * GiB)
        .Add("/mnt/nfs", 1000 * GiB, 900 * GiB, 900 * GiB)
        .Add("/proc", 0, 0, 0)
        .Add("/run", 1 * GiB, 1 * GiB, 1 * GiB)
        .Add("/var/lib/docker/overlay2/abc/merged", 100 * GiB, 40 * GiB, 35 * GiB)
        .Add("/snap/core/1", 1 * GiB, 0, 0);

    [Fact]
    public void Lists_real_filesystems_once_per_device_and_skips_virtual_ones_and_images()
    {
        using var machine = new ProcFixture("typical");

        var mounts = new FilesystemReader(machine.Proc, TypicalSpace()).Read().Select(f => f.Mount);

        // Left out: proc, sysfs, devtmpfs, tmpfs, cgroup2, the bind mount of sda1, a docker layer, a snap,
        // and /mnt/gone, which statvfs cannot answer.
        Assert.Equal(["/", "/mnt/my data", "/mnt/nfs"], mounts);
    }

    [Fact]
    public void Used_is_size_minus_all_free_blocks_and_free_is_what_users_may_write()
    {
        using var machine = new ProcFixture("typical");

        var root = new FilesystemReader(machine.Proc, TypicalSpace()).Read()[0];

        Assert.Equal(new FilesystemStats("/", "/dev/sda1", "ext4", 100 * GiB, 60 * GiB, 35 * GiB), root);
    }

    [Fact]
    public void Escaped_spaces_in_mount_points_are_decoded()
    {
        Assert.Equal("/mnt/my data\\x", FilesystemReader.Unescape("/mnt/my\\040data\\134x"));
    }

    [Fact]
    public void An_overlay_root_is_listed_in_a_container()
    {
        using var machine = new ProcFixture("container");
        var space = new FixtureSpace().Add("/", 50 * GiB, 20 * GiB, 18 * GiB).Add("/dev", GiB, GiB, GiB);

        var fs = Assert.Single(new FilesystemReader(machine.Proc, space).Read());

        Assert.Equal(("/", "overlay"), (fs.Mount, fs.Type));
    }

    [Fact]
    public void Off_procfs_the_mount_table_is_read_again_every_reading()
    {
        using var machine = new ProcFixture("typical");
        var reader = new FilesystemReader(machine.Proc, TypicalSpace().Add("/mnt/new", 10 * GiB, 1 * GiB, 1 * GiB));
        reader.Read();

        machine.Write("proc/self/mounts", "/dev/sda1 / ext4 rw 0 0\n/dev/sdc1 /mnt/new xfs rw 0 0\n");

        Assert.Equal(["/", "/mnt/new"], reader.Read().Select(f => f.Mount));
        Assert.Equal(2, reader.TableReads);
    }

    [Fact]
    public void On_a_real_procfs_an_unchanged_mount_table_is_read_once_and_sizes_every_reading()
    {
        var space = new CountingSpace();
        using var reader = new FilesystemReader("/proc", space);

        var first = reader.Read().Select(f => f.Mount).ToList();
        var askedOnce = space.Asked;
        var later = Enumerable.Range(0, 3).Select(_ => reader.Read().Select(f => f.Mount).ToList()).ToList();

        Assert.Equal(1, reader.TableReads);
        Assert.All(later, mounts => Assert.Equal(first, mounts));
        Assert.Equal(4 * askedOnce, space.Asked);
    }

    /// <summary>The real statvfs, counting the questions.</summary>
    private sealed class CountingSpace : IFilesystemSpace
    {
        public int Asked { get; private set; }

        public bool TryGet(string mountPoint, out FilesystemSpace space)
        {
            Asked++;
            return LibcStatvfs.Instance.TryGet(mountPoint, out space);
        }
    }

    [Fact]
    public void A_missing_mount_table_gives_no_filesystems()
    {
        using var machine = new ProcFixture("container");
        machine.Delete("proc/self/mounts");

        Assert.Empty(new FilesystemReader(machine.Proc, new FixtureSpace()).Read());
    }

    [Fact]
    public void Statvfs_of_this_machine_root_gives_sane_numbers()
    {
        Assert.True(LibcStatvfs.Instance.TryGet("/", out var space));

        Assert.True(space.Size > 0);
        Assert.InRange(space.Free, 0, space.FreeForRoot);
        Assert.InRange(space.FreeForRoot, 0, space.Size);
    }

    [Fact]
    public void Statvfs_of_a_missing_path_answers_false()
    {
        Assert.False(LibcStatvfs.Instance.TryGet("/no/such/mount/" + Guid.NewGuid(), out _));
    }
}
