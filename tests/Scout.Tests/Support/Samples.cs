using System.Text.Json;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;

namespace Scout.Tests.Support;

/// <summary>Small, valid samples for actor tests (the real readers are tested on /proc fixtures).</summary>
public static class Samples
{
    public static MetricsSample At(string serverId, long time) => new(
        serverId, time, 1000,
        new CpuStats(new CpuUsage("cpu", 10, 5, 1, 0, 84, 15), [new CpuUsage("cpu0", 10, 5, 1, 0, 84, 15)]),
        new MemoryStats(8L << 30, 4L << 30, 4L << 30, 1L << 30, 1L << 28, 0, 0),
        new LoadStats(0.5, 0.4, 0.3, 1, 200),
        [new DiskStats("sda", 1000, 2000, 1, 2, 3)],
        [new FilesystemStats("/", "/dev/sda1", "ext4", 100L << 30, 40L << 30, 60L << 30)],
        [new NetworkStats("eth0", 100, 200, 1, 2, 0, 0, 0, 0)],
        [new ProcessStats(1, "init", "/sbin/init", "root", "S", 0.1, 10 << 20, 1)]);

    /// <summary>The same sample as sessions and bridges carry it: read and checked as the agent hub reads it.</summary>
    public static EncodedSample Encoded(string serverId, long time) => Encode(At(serverId, time));

    /// <summary>A sample as the agent sends it and the node reads it (<see cref="AgentSampleReader"/>); refused ones throw.</summary>
    public static EncodedSample Encode(MetricsSample sample) =>
        Read(AgentJson(sample), out var problem) ?? throw new ArgumentException($"the sample was refused: {problem}", nameof(sample));

    /// <summary>The JSON the agent writes: SignalR's JSON protocol with its default payload options, as the agent's connection has.</summary>
    public static byte[] AgentJson(MetricsSample sample) => JsonSerializer.SerializeToUtf8Bytes(sample, AgentOptions);

    /// <summary>Reads <paramref name="json"/> as the agent hub does, checking the reader ends on the sample's last byte.</summary>
    public static EncodedSample? Read(ReadOnlySpan<byte> json, out string? problem)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var sample = AgentSampleReader.Read(ref reader, out problem);
        if (sample is not null && reader.BytesConsumed != json.Length)
            throw new InvalidOperationException($"the reader stopped at {reader.BytesConsumed} of {json.Length} bytes");
        return sample;
    }

    public static JsonSerializerOptions AgentOptions { get; } = new Microsoft.AspNetCore.SignalR.JsonHubProtocolOptions().PayloadSerializerOptions;

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
